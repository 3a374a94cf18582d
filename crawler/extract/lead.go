package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nearBody says whether a sapo belongs to the body: inside it, or in the
// same box (the body's parent or grandparent).
func nearBody(lead, body *html.Node) bool {
	box := body
	for i := 0; i < 2 && box.Parent != nil && box.Parent.DataAtom != atom.Body; i++ {
		box = box.Parent
	}
	return contains(box, lead)
}

// sapoClass names the lead paragraph CMSs set above the body.
var sapoClass = newNames("sapo|=lead|lead-|-lead|summary|tomtat|tom-tat|trichyeu|trich-yeu|chapeau|intro|excerpt|description|desc")

// sapoBefore finds a lead box standing just before the body, in its box.
func sapoBefore(body *html.Node) *html.Node {
	for s := body.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if sapoClass.MatchString(classID(s)) {
			if k := runes(textOf(s)); k >= 40 && k <= 800 && !hasLink(s) {
				return s
			}
		}
		if runes(textOf(s)) > 0 && !isHeading(s.DataAtom) && !sapoClass.MatchString(classID(s)) {
			// the date line, tools and headline may stand between; a
			// paragraph of text may not
			if runes(textOf(s)) > 200 {
				return nil
			}
		}
	}
	return nil
}
