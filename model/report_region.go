package model

import "strings"

// placeRegions assigns the towns of Places to the five regions of the Runde
// Tische (Region.Gemeinden): each town belongs to the region of its
// Samtgemeinde or town. Wolfsburg and Braunschweig lie outside the county.
var placeRegions = map[string]Region{
	"gifhorn": RegionZentrum, "meinersen": RegionZentrum, "müden (aller)": RegionZentrum, "leiferde": RegionZentrum,
	"hankensbüttel": RegionNord, "sprakensehl": RegionNord, "wittingen": RegionNord,
	"weyhausen": RegionSuedost, "tappenbeck": RegionSuedost, "westerbeck": RegionSuedost, "sassenburg": RegionSuedost,
	"brome": RegionSuedost, "ehra-lessien": RegionSuedost, "boldecker land": RegionSuedost,
	"meine": RegionSued, "rötgesbüttel": RegionSued, "adenbüttel": RegionSued, "papenteich": RegionSued,
	"isenbüttel": RegionSued, "calberlah": RegionSued,
	"wesendorf": RegionWest, "groß oesingen": RegionWest, "wagenhoff": RegionWest,
}

// RegionOfPlace is the region an Ort lies in ("" outside the county or
// unknown). It accepts what LookupPlace accepts ("38518 Gifhorn",
// "Gifhorn-Gamsen").
func RegionOfPlace(place string) Region {
	if r, ok := placeRegions[strings.ToLower(strings.TrimSpace(place))]; ok {
		return r
	}
	if p, ok := LookupPlace(place); ok {
		return placeRegions[strings.ToLower(p.Name)]
	}
	return ""
}
