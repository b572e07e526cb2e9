package model

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The pain.001.001.09 file of a payout run, and the small XML writer it
// is written with.

// WriteSEPA writes run as one SEPA credit transfer initiation in the format
// pain.001.001.09 (DK/EPC 2023 rules): one payment block from debtor's
// account on the run's execution date (moved to the next banking day if
// needed), one transaction per transferred item (amount over 0 €; items
// settled by netting are only on the list) with EndToEndId = K-number. Names and
// texts are transliterated to the bank character set.
func WriteSEPA(w io.Writer, run PayoutRun, debtor Account, now time.Time) error {
	if err := debtor.Validate(); err != nil {
		return fmt.Errorf("Das Konto des Landkreises ist unvollständig (Einstellungen): %w", err)
	}
	items, sum, err := sepaTransfers(run)
	if err != nil {
		return err
	}
	exec := sepaExecutionDate(run, now)
	msgID := run.MsgID
	if msgID == "" {
		msgID = MsgIDFor(run.Number, now)
	}
	msgID = sepaID(msgID)
	n := strconv.Itoa(len(items))

	bw := bufio.NewWriter(w)
	x := &xmlw{w: bw}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09 pain.001.001.09.xsd">` + "\n")
	x.open("CstmrCdtTrfInitn")
	x.open("GrpHdr")
	x.leaf("MsgId", msgID)
	x.leaf("CreDtTm", now.In(Berlin).Format("2006-01-02T15:04:05"))
	x.leaf("NbOfTxs", n)
	x.leaf("CtrlSum", sum.Dot())
	x.open("InitgPty")
	x.leaf("Nm", sepaName(debtor.Name))
	x.close("InitgPty")
	x.close("GrpHdr")

	x.open("PmtInf")
	x.leaf("PmtInfId", sepaID(msgID+"-1"))
	x.leaf("PmtMtd", "TRF")
	x.leaf("BtchBookg", "true")
	x.leaf("NbOfTxs", n)
	x.leaf("CtrlSum", sum.Dot())
	x.open("PmtTpInf")
	x.open("SvcLvl")
	x.leaf("Cd", "SEPA")
	x.close("SvcLvl")
	x.close("PmtTpInf")
	x.open("ReqdExctnDt")
	x.leaf("Dt", exec.ISO())
	x.close("ReqdExctnDt")
	x.debtor(debtor)
	x.leaf("ChrgBr", "SLEV")
	for _, it := range items {
		x.transfer(it)
	}
	x.close("PmtInf")
	x.close("CstmrCdtTrfInitn")
	x.raw("</Document>\n")
	if x.err != nil {
		return x.err
	}
	return bw.Flush()
}

// sepaExecutionDate is the run's execution date, tomorrow if it has none,
// moved to the next banking day if needed.
func sepaExecutionDate(run PayoutRun, now time.Time) Date {
	exec := run.ExecutionDate
	if exec.IsZero() {
		exec = Today(now).AddDays(1)
	}
	return NextBankingDay(exec)
}

// sepaTransfers checks the items of run before a byte is written and
// returns those with a transfer and their sum (the CtrlSum).
func sepaTransfers(run PayoutRun) ([]PayoutItem, Money, error) {
	for _, it := range run.Items {
		// Only an item settled by netting may carry no transfer.
		if it.Amount < 0 || it.Amount == 0 && it.Netted <= 0 {
			return nil, 0, fmt.Errorf("%s: nur Beträge über 0 € können überwiesen werden.", it.Number)
		}
	}
	items := run.Transfers()
	if len(items) == 0 {
		return nil, 0, errors.New("Der Zahllauf enthält keine Überweisung – es gibt nichts zu überweisen.")
	}
	var sum Money
	for _, it := range items {
		if it.Amount <= 0 {
			return nil, 0, fmt.Errorf("%s: nur Beträge über 0 € können überwiesen werden.", it.Number)
		}
		if !it.IBAN.Valid() {
			return nil, 0, fmt.Errorf("%s: die IBAN von %s ist ungültig – bitte korrigieren und den Zahllauf neu erstellen.", it.Number, it.Name)
		}
		if _, err := ParseBIC(it.BIC); err != nil {
			return nil, 0, fmt.Errorf("%s: %s", it.Number, err.Error())
		}
		sum += it.Amount
	}
	return items, sum, nil
}

// debtor writes the county's side of the payment block: name, address,
// account and bank (NOTPROVIDED when the account has no BIC).
func (x *xmlw) debtor(debtor Account) {
	dbic, _ := ParseBIC(debtor.BIC)
	x.open("Dbtr")
	x.leaf("Nm", sepaName(debtor.Name))
	x.open("PstlAdr")
	x.leafOpt("StrtNm", SEPAText(debtor.Street, 70))
	x.leafOpt("BldgNb", SEPAText(debtor.BuildingNo, 16))
	x.leafOpt("PstCd", SEPAText(debtor.PostalCode, 16))
	x.leaf("TwnNm", SEPAText(debtor.Town, 35))
	x.leaf("Ctry", debtor.country())
	x.close("PstlAdr")
	x.close("Dbtr")
	x.open("DbtrAcct")
	x.open("Id")
	x.leaf("IBAN", string(debtor.IBAN))
	x.close("Id")
	x.close("DbtrAcct")
	x.open("DbtrAgt")
	x.open("FinInstnId")
	if dbic != "" {
		x.leaf("BICFI", dbic)
	} else {
		x.open("Othr")
		x.leaf("Id", "NOTPROVIDED")
		x.close("Othr")
	}
	x.close("FinInstnId")
	x.close("DbtrAgt")
}

// transfer writes one credit transfer: EndToEndId = K-number, amount,
// the payee's bank (only when a BIC is known), name, IBAN and the
// remittance text.
func (x *xmlw) transfer(it PayoutItem) {
	x.open("CdtTrfTxInf")
	x.open("PmtId")
	x.leaf("EndToEndId", sepaID(it.Number))
	x.close("PmtId")
	x.open("Amt")
	x.indent()
	x.raw(`<InstdAmt Ccy="EUR">` + it.Amount.Dot() + "</InstdAmt>\n")
	x.close("Amt")
	if bic, _ := ParseBIC(it.BIC); bic != "" {
		x.open("CdtrAgt")
		x.open("FinInstnId")
		x.leaf("BICFI", bic)
		x.close("FinInstnId")
		x.close("CdtrAgt")
	}
	x.open("Cdtr")
	x.leaf("Nm", sepaName(it.Name))
	x.close("Cdtr")
	x.open("CdtrAcct")
	x.open("Id")
	x.leaf("IBAN", string(it.IBAN))
	x.close("Id")
	x.close("CdtrAcct")
	x.open("RmtInf")
	x.leaf("Ustrd", RemittanceText(it.Number, it.Remittance))
	x.close("RmtInf")
	x.close("CdtTrfTxInf")
}

func sepaName(s string) string {
	t := SEPAText(s, 70)
	if t == "" {
		return "NOTPROVIDED"
	}
	return t
}

// RemittanceText is the Verwendungszweck: transliterated, at most 140
// characters, and always carrying the K-number (put in front if missing).
func RemittanceText(number, text string) string {
	t := SEPAText(text, 0)
	num := SEPAText(number, 35)
	if num != "" && !strings.Contains(t, num) {
		t = strings.TrimSpace(num + " " + t)
	}
	if len(t) > 140 {
		t = strings.TrimRight(t[:140], " ")
	}
	if t == "" {
		t = "Kostenerstattung"
	}
	return t
}

// xmlw writes indented XML; the text it gets is already restricted to the
// bank character set, so only & < > ' need escaping (' is allowed text).
type xmlw struct {
	w     *bufio.Writer
	depth int
	err   error
}

func (x *xmlw) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

const xmlIndent = "                                        "

func (x *xmlw) indent() { x.raw(xmlIndent[:min(len(xmlIndent), 2*(x.depth+1))]) }

func (x *xmlw) open(tag string) {
	x.indent()
	x.raw("<" + tag + ">\n")
	x.depth++
}

func (x *xmlw) close(tag string) {
	x.depth--
	x.indent()
	x.raw("</" + tag + ">\n")
}

func (x *xmlw) leaf(tag, text string) {
	x.indent()
	x.raw("<" + tag + ">" + xmlEscape(text) + "</" + tag + ">\n")
}

func (x *xmlw) leafOpt(tag, text string) {
	if text != "" {
		x.leaf(tag, text)
	}
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;")

func xmlEscape(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	// XML 1.0 allows no control characters, and a bank refuses the file:
	// stored text that holds them gets a space instead.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return xmlReplacer.Replace(s)
}
