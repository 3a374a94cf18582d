package corpus

import (
	"reflect"
	"testing"
)

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := NewGenerator(1), NewGenerator(1)
	for i := 0; i < 50; i++ {
		x, y := a.Next(), b.Next()
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("article %d differs between two generators with one seed", i)
		}
		if x.URL == "" || x.Title == "" || len(x.Body) < 100 || x.Published.IsZero() {
			t.Fatalf("article %d incomplete: %+v", i, x)
		}
	}
	if NewGenerator(2).Next().Body == NewGenerator(1).Next().Body {
		t.Error("different seeds gave the same article")
	}
}
