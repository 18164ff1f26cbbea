package train

import (
	"fmt"
	"slices"
	"strings"
)

// recipes are named sets of settings, written as configuration strings;
// a recipe applies its settings and keeps the others. docs/convergence.md
// gives the measurements behind each.
var recipes = map[string]string{
	"reliable": "opt=lamb lr=0.03 schedule=cosine revive=50",
}

// RecipeNames lists the recipes.
func RecipeNames() []string {
	names := make([]string, 0, len(recipes))
	for name := range recipes {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Recipe returns the settings of the named recipe as a configuration
// string.
func Recipe(name string) (string, error) {
	s, ok := recipes[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return "", fmt.Errorf("unknown recipe %q (valid: %s, none)", name, strings.Join(RecipeNames(), ", "))
	}
	return s, nil
}

// ApplyRecipe returns c with the settings of the named recipe; "none"
// returns c.
func ApplyRecipe(c Config, name string) (Config, error) {
	if strings.TrimSpace(name) == "none" {
		c.Hidden = slices.Clone(c.Hidden)
		return c, nil
	}
	s, err := Recipe(name)
	if err != nil {
		return Config{}, err
	}
	return parseConfigOn(c, s)
}
