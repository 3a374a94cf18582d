package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

func TestDebugContent(t *testing.T) {
	debugScores = true
	f := os.Getenv("SMOKE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	text, _, _ := decode(b, "")
	root, _ := html.Parse(strings.NewReader(text))
	x := &extraction{root: root, doc: goquery.NewDocumentFromNode(root)}
	x.meta = readMeta(x.doc)
	x.prof = detectProfile(x.doc, &x.meta)
	body := x.bodyElement()
	title, tn := x.title(body)
	fmt.Println("title", title, tn != nil)
	content, prof := x.content(body, tn)
	fmt.Println("profiled", prof)
	for _, n := range content {
		fmt.Println(n.Data, classID(n), runes(textOf(n)))
	}
	c := counter{}
	for _, n := range content {
		c.count(n)
		cleanConditionally(n, c)
		fmt.Println("after clean", n.Data, classID(n), runes(textOf(n)))
	}
}

func TestDebugJunk(t *testing.T) {
	f := os.Getenv("SMOKE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	text, _, _ := decode(b, "")
	root, _ := html.Parse(strings.NewReader(text))
	for _, n := range findJunk(root, false) {
		if k := runes(textOf(n)); k > 500 {
			fmt.Println(n.Data, classID(n), attr(n, "role"), k)
		}
	}
}

func TestDebugSteps(t *testing.T) {
	f := os.Getenv("SMOKE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	text, _, _ := decode(b, "")
	root, _ := html.Parse(strings.NewReader(text))
	x := &extraction{root: root, doc: goquery.NewDocumentFromNode(root)}
	x.meta = readMeta(x.doc)
	body := x.bodyElement()
	fmt.Println("body text", runes(textOf(body)))
	_, tn := x.title(body)
	fmt.Println("title node", tn.Data, classID(tn), runes(textOf(tn)), "parent", tn.Parent.Data, classID(tn.Parent))
	junk := findJunk(body, true)
	c := skipping(junk)
	c.count(body)
	fmt.Println("counted body", c[body])
	for _, n := range junk {
		if k := runes(textOf(n)); k > 300 {
			fmt.Println("junk", n.Data, classID(n), k)
		}
	}
}

func TestDebugRender(t *testing.T) {
	f := os.Getenv("SMOKE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	text, _, _ := decode(b, "")
	root, _ := html.Parse(strings.NewReader(text))
	x := &extraction{root: root, doc: goquery.NewDocumentFromNode(root)}
	x.meta = readMeta(x.doc)
	x.prof = detectProfile(x.doc, &x.meta)
	body := x.bodyElement()
	_, tn := x.title(body)
	content, _ := x.content(body, tn)
	c := counter{}
	rd := newRenderer(nil)
	for _, n := range content {
		c.count(n)
		cleanConditionally(n, c)
		rd.render(n)
		rd.flush()
	}
	for _, g := range rd.groups {
		fmt.Printf("GROUP %q\n", g.lines)
	}
}
