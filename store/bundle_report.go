package store

import (
	"fmt"
	"io"

	"stabsstelle/model"
)

// WriteMergeReport writes the merge report in German (the output of
// `import bundle`, also when the program holding the database merged).
func WriteMergeReport(w io.Writer, tx *Tx, rep *MergeReport) {
	switch {
	case rep.Already != nil:
		fmt.Fprintf(w, "Dieses Paket ist bereits eingespielt am %s – nichts geändert.\n", model.FormatDateTime(*rep.Already))
		return
	case rep.Superseded != nil:
		fmt.Fprintf(w, "Ein späteres Paket dieser Außenkopie ist bereits eingespielt (am %s) und enthält alles aus diesem – nichts geändert.\n", model.FormatDateTime(*rep.Superseded))
		return
	}
	fmt.Fprintf(w, "Abgleich der Außenkopie %s (zurückgegeben von %s am %s):\n", rep.Copy, rep.LaptopBy, model.FormatDateTime(rep.Written))
	fmt.Fprintf(w, "  übernommen: %d geändert, %d neu, %d gelöscht\n", rep.Applied, rep.Created, rep.Deleted)
	if len(rep.Renumbered) > 0 {
		fmt.Fprintf(w, "  neue Nummern:\n")
		for _, r := range rep.Renumbered {
			fmt.Fprintf(w, "    %s → %s\n", r.From, r.To)
		}
	}
	if len(rep.Linked) > 0 {
		fmt.Fprintf(w, "  verknüpft statt doppelt angelegt:\n")
		for _, l := range rep.Linked {
			fmt.Fprintf(w, "    %s (%s)\n", l.What, l.Why)
		}
	}
	for _, r := range rep.Rules {
		fmt.Fprintf(w, "  %s\n", r)
	}
	for _, x := range rep.Warnings {
		fmt.Fprintf(w, "  Hinweis: %s\n", x)
	}
	if len(rep.Conflicts) == 0 {
		fmt.Fprintln(w, "  keine Konflikte")
		return
	}
	fmt.Fprintf(w, "  %d %s – der Büro-Wert bleibt, bis jemand entscheidet (Oberfläche: Taste B „Abgleich“):\n",
		len(rep.Conflicts), map[bool]string{true: "Konflikt", false: "Konflikte"}[len(rep.Conflicts) == 1])
	for i, c := range rep.Conflicts {
		whole := len(c.Path) == 0
		fmt.Fprintf(w, "  %d. %s – %s (%s)\n", i+1, c.What, c.Field, c.Rule)
		fmt.Fprintf(w, "       Büro:   %s\n", FormatValue(tx, c.Kind, whole, c.Office))
		fmt.Fprintf(w, "       Laptop: %s\n", FormatValue(tx, c.Kind, whole, c.Laptop))
		fmt.Fprintf(w, "       vorher: %s\n", FormatValue(tx, c.Kind, whole, c.Base))
	}
}
