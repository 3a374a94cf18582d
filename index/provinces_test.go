package index

import (
	"strings"
	"testing"
)

// A typo in provinces.yaml names the file and its line, instead of
// reading as no provinces or an empty name.
func TestProvincesFileTypos(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"province:\n  - name: An Giang\n", "line 1"},
		{"provinces:\n  - name: An Giang\n  - nam: Vĩnh Long\n", "line 3"},
		{"", "empty"},
	} {
		_, err := ParseProvinces([]byte(tc.data), "provinces.yaml")
		if err == nil || !strings.Contains(err.Error(), "provinces.yaml") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one naming provinces.yaml and %q", tc.data, err, tc.want)
		}
	}
}
