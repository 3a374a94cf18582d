package index

import (
	"strings"
	"testing"

	"github.com/govnews/govnews/configs"
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

// An article keeps the province it was published under however the portal
// spells it: an alias never turns a former province into the new one.
func TestProvinceSpellingsKeepTheFormerProvince(t *testing.T) {
	data, err := configs.File("provinces.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseProvinces(data, "provinces.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ typed, published, now string }{
		{"Đắk Nông", "Đắk Nông", "Lâm Đồng"},
		{"Đăk Nông", "Đắk Nông", "Lâm Đồng"},
		{"dak nong", "Đắk Nông", "Lâm Đồng"},
		{"Bà Rịa – Vũng Tàu", "Bà Rịa – Vũng Tàu", "Thành phố Hồ Chí Minh"},
		{"Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu", "Thành phố Hồ Chí Minh"},
		{"Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Thành phố Hồ Chí Minh"},
		{"Thừa Thiên Huế", "Thừa Thiên Huế", "Huế"},
		{"Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"},
		{"TP HCM", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
		{"Sài Gòn", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
		{"Đăk Lăk", "Đắk Lắk", "Đắk Lắk"},
		{"Bến Tre", "Bến Tre", "Vĩnh Long"},
	} {
		published, now := p.Resolve(tc.typed, "")
		if published != tc.published || now != tc.now {
			t.Errorf("Resolve(%q) = %q, %q; want %q, %q", tc.typed, published, now, tc.published, tc.now)
		}
		if c := p.Canonical(tc.typed); c != tc.published {
			t.Errorf("Canonical(%q) = %q, want %q", tc.typed, c, tc.published)
		}
	}
}

// A spelling listed under two provinces is a mistake in the file, named
// with the province and the spelling, not a silent last-one-wins.
func TestProvinceSpellingUnderTwoProvinces(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"provinces:\n  - {name: Lâm Đồng, formed_from: [Đắk Nông]}\n  - {name: Đắk Lắk, aliases: [Đăk Nông]}\n", `alias "Đăk Nông" names Đắk Nông, part of Lâm Đồng`},
		{"provinces:\n  - {name: Lâm Đồng, formed_from: [Đắk Nông]}\n  - {name: Đắk Lắk, formed_from: [Đắk Nông]}\n", `"Đắk Nông" is already part of Lâm Đồng`},
	} {
		_, err := ParseProvinces([]byte(tc.data), "provinces.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "provinces.yaml") {
			t.Errorf("error %v, want one naming provinces.yaml and %s", err, tc.want)
		}
	}
}
