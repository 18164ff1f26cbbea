package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// knobs is the settings picker of k: the settings a run can change as it
// trains (see train.Trainer.Retune), each on a ladder of values, and the
// recipes. Enter applies what was changed at the next minibatch. The zero
// value is not usable; use newKnobs.
type knobs struct {
	rows   []knobRow
	cursor int
	note   string // what the picker last refused
}

// knobRow is one setting of the picker: its key in configuration strings,
// the values it steps through, and where it started and stands.
type knobRow struct {
	key       string
	values    []string
	was, at   int
	usage     string
	describes func(v string) string // a word on the value, or nil
}

// knobLadders are the values each setting steps through; a run's own value
// joins its ladder in order. The last row, recipe, is built from the
// recipes.
var knobLadders = []struct {
	key    string
	values []string
}{
	{"l1", []string{"0", "1e-05", "0.0001", "0.001", "0.01", "0.1"}},
	{"l2", []string{"0", "1e-05", "0.0001", "0.001", "0.01", "0.1"}},
	{"dropout", []string{"0", "0.05", "0.1", "0.2", "0.3", "0.5"}},
	{"repel", []string{"0", "0.01", "0.1", "1", "10"}},
	{"schedule", schedNames()},
	{"horizon", []string{"300", "1000", "3000", "10000"}},
	{"revive", []string{"0", "10", "50", "100", "500"}},
}

// recipeKey is the picker's row of recipes; "none" is no recipe.
const recipeKey = "recipe"

// schedNames returns the name of every schedule, in train.Schedules' order.
func schedNames() []string {
	s := make([]string, len(train.Schedules))
	for i, sc := range train.Schedules {
		s[i] = sc.String()
	}
	return s
}

// newKnobs returns the picker of the settings of c.
func newKnobs(c train.Config) *knobs {
	usage := map[string]string{}
	get := map[string]func(train.Config) string{}
	for _, s := range train.Settings() {
		usage[s.Key], get[s.Key] = s.Usage, s.Get
	}
	k := &knobs{}
	for _, l := range knobLadders {
		own := get[l.key](c)
		if l.key == "horizon" && c.Horizon == 0 {
			own = strconv.Itoa(train.DefaultEpochs)
		}
		values := slices.Clone(l.values)
		if !slices.Contains(values, own) {
			values = append(values, own)
			if _, err := strconv.ParseFloat(own, 64); err == nil {
				slices.SortFunc(values, func(a, b string) int { return cmp.Compare(number(a), number(b)) })
			}
		}
		at := slices.Index(values, own)
		k.rows = append(k.rows, knobRow{key: l.key, values: values, was: at, at: at, usage: usage[l.key]})
	}
	recipes := append([]string{"none"}, train.RecipeNames()...)
	k.rows = append(k.rows, knobRow{key: recipeKey, values: recipes, usage: "a named set of settings, applied first",
		describes: func(v string) string {
			s, err := train.Recipe(v)
			if err != nil {
				return "no recipe: the settings as they are"
			}
			return "sets " + s
		}})
	return k
}

// number parses a ladder's value.
func number(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// changes returns the recipe chosen ("none" if none) and the settings
// changed, as a configuration string.
func (k *knobs) changes() (recipe, settings string) {
	var kv []string
	recipe = "none"
	for _, r := range k.rows {
		switch {
		case r.key == recipeKey:
			recipe = r.values[r.at]
		case r.at != r.was:
			kv = append(kv, r.key+"="+r.values[r.at])
		}
	}
	return recipe, strings.Join(kv, " ")
}

// knobKeys are the picker's keys, shown in its box.
var knobKeys = struct{ Up, Down, Less, More, Apply, Cancel key.Binding }{
	Up:     key.NewBinding(key.WithKeys("up")),
	Down:   key.NewBinding(key.WithKeys("down")),
	Less:   key.NewBinding(key.WithKeys("left", "-")),
	More:   key.NewBinding(key.WithKeys("right", "+", "=")),
	Apply:  key.NewBinding(key.WithKeys("enter")),
	Cancel: key.NewBinding(key.WithKeys("esc", "q", "k")),
}

// knobKey acts on a key while the settings picker is open.
func (a *App) knobKey(msg tea.KeyPressMsg) tea.Cmd {
	k, kk := a.knobs, knobKeys
	k.note = ""
	r := &k.rows[k.cursor]
	switch {
	case key.Matches(msg, kk.Up):
		k.cursor = (k.cursor + len(k.rows) - 1) % len(k.rows)
	case key.Matches(msg, kk.Down):
		k.cursor = (k.cursor + 1) % len(k.rows)
	case key.Matches(msg, kk.Less):
		r.at = max(r.at-1, 0)
	case key.Matches(msg, kk.More):
		r.at = min(r.at+1, len(r.values)-1)
	case key.Matches(msg, kk.Apply):
		recipe, settings := k.changes()
		if recipe == "none" && settings == "" {
			k.note = "nothing changed: ←/→ change the setting under the cursor"
			break
		}
		a.knobs = nil
		a.retune(recipe, settings)
		return nil
	case key.Matches(msg, kk.Cancel):
		a.knobs = nil
	}
	a.render()
	return nil
}

// retune applies the recipe (unless "none") and then settings to each
// run the configuration keys change, at its next minibatch, and logs what
// changed and what was kept. In the trials, every run changes.
func (a *App) retune(recipe, settings string) {
	set := func(c train.Config) (train.Config, error) {
		if recipe != "none" {
			var err error
			if c, err = train.ApplyRecipe(c, recipe); err != nil {
				return c, err
			}
		}
		if settings == "" {
			return c, nil
		}
		return train.ParseConfigOn(c, settings)
	}
	if a.trials != nil {
		a.retuneTrials(set, recipe)
		return
	}
	a.configure(func(l *lane) (string, error) {
		c, err := set(l.run.Config())
		if err != nil {
			return "", err
		}
		r, err := l.run.Retune(c)
		return retunedText(recipe, c, r), err
	})
}

// retunedText says what a retune to c changed, the recipe first, and what
// it kept.
func retunedText(recipe string, c train.Config, r train.Retuned) string {
	if len(r.Changed) == 0 {
		return "settings as they were: nothing changed"
	}
	vals := map[string]string{}
	for _, f := range strings.Fields(c.String()) {
		k, v, _ := strings.Cut(f, "=")
		vals[k] = v
	}
	for _, s := range train.Settings() {
		if _, ok := vals[s.Key]; !ok && s.Get != nil {
			vals[s.Key] = s.Get(c)
		}
	}
	parts := make([]string, len(r.Changed))
	for i, k := range r.Changed {
		v, ok := vals[k]
		if !ok {
			v = "its default"
		}
		parts[i] = k + " → " + v
	}
	what := strings.Join(parts, ", ")
	kept := "weights and optimizer state kept"
	if r.Fresh {
		kept = "weights kept, fresh optimizer state"
	}
	if recipe != "none" { // the list can be long: what happened first
		return "recipe " + recipe + ": " + kept + ", from the next step; it set " + what
	}
	return what + ": " + kept + ", from the next step"
}

// knobsWidth is the most cells the settings picker's lines take.
const knobsWidth = 96

// view draws the settings picker in the middle of a w×h screen.
func (k *knobs) view(st Styles, w, h int) string {
	lines := []string{st.Title.Render("settings of the run") + st.Dim.Render("  · they change at the next step, the weights stay"), ""}
	inner := min(w-4, knobsWidth) // within the border and padding
	keyW := 0
	for _, r := range k.rows {
		keyW = max(keyW, len(r.key))
	}
	for i, r := range k.rows {
		val := fmt.Sprintf("‹ %s ›", r.values[r.at])
		style := st.Text
		if i == k.cursor {
			style = st.Hot
		}
		note := r.usage
		switch {
		case r.describes != nil:
			note = r.describes(r.values[r.at])
		case r.at != r.was:
			note = "was " + r.values[r.was]
		}
		row := fmt.Sprintf(" %-*s  %-12s ", keyW, r.key, val)
		lines = append(lines, style.Render(row)+st.Dim.Render(ansi.Truncate(note, inner-ansi.StringWidth(row), "…")))
	}
	lines = append(lines, "", st.Dim.Render(ansi.Truncate("↑/↓ move · ←/→ change · enter applies them at the next step · esc cancels", inner, "…")))
	if k.note != "" {
		lines = append(lines, st.Warn.Render(ansi.Truncate(k.note, inner, "…")))
	}
	body := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(st.Border.GetForeground()).Padding(0, 1).
		MaxWidth(w).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}

// retuneTrials changes the settings of every run of the trials with set,
// each group's from its own configuration, at the next step, and logs what
// changed per group; a change refused for one group changes none.
func (a *App) retuneTrials(set func(train.Config) (train.Config, error), recipe string) {
	tr := a.trials
	cs := make([]train.Config, len(tr.groups))
	for i, g := range tr.groups {
		var err error
		if cs[i], err = set(g.config); err == nil {
			err = cs[i].Validate()
		}
		if err != nil {
			a.log("refused: " + err.Error())
			a.render()
			return
		}
	}
	for i, g := range tr.groups {
		var r train.Retuned
		for _, run := range g.runs {
			c := cs[i]
			c.Seed = run.T.Config().Seed
			r, _ = run.T.Retune(c) // the same settings as the group's, validated above
		}
		g.config = cs[i]
		who := "every run"
		if len(tr.groups) > 1 {
			who = g.name
		}
		if len(r.Changed) > 0 {
			g.changes = append(g.changes, tr.epoch())
			for _, l := range g.lanes {
				l.changes = append(l.changes, l.run.Epoch())
			}
		}
		a.log(who + ": " + retunedText(recipe, cs[i], r))
	}
	a.refresh()
}
