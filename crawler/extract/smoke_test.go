package extract

import (
	"encoding/json"
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	f := os.Getenv("SMOKE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	r, err := Extract("https://example.gov.vn/a", b, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(r, "", "  ")
	t.Log(string(out))
}
