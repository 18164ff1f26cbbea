package train

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// GeometryNames returns the names s.Geometries counts, most runs first,
// then in alphabetical order.
func (s Summary) GeometryNames() []string {
	return slices.SortedFunc(maps.Keys(s.Geometries), func(x, y string) int {
		return cmp.Or(cmp.Compare(s.Geometries[y], s.Geometries[x]), cmp.Compare(x, y))
	})
}

// geometriesField writes s.Geometries in one CSV field, in the order of
// GeometryNames: "pyramid of 4 lines: 16; diamond: 26"; "" if none.
func geometriesField(s Summary) string {
	names := s.GeometryNames()
	for i, g := range names {
		names[i] = fmt.Sprintf("%s: %d", g, s.Geometries[g])
	}
	return strings.Join(names, "; ")
}
