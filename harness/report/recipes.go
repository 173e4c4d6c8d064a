package report

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Recipe is how to set the shell variables a group of reproduce lines needs: the curl lines
// never hold a secret, so whoever pastes them first gets the values again.
type Recipe struct {
	Vars    []string `json:"vars"`
	Command string   `json:"command"`
	Note    string   `json:"note"`
}

// curlVar finds the "$NAME" a curl line uses for a secret; assignedVar, the NAME=$(...) of a
// value the line captures itself.
var (
	curlVar     = regexp.MustCompile(`"\$([A-Z][A-Z0-9_]*)"`)
	assignedVar = regexp.MustCompile(`(?:^|; )([A-Z][A-Z0-9_]*)=\$\(`)
)

var (
	tokenVar    = regexp.MustCompile(`^(?:TOKEN|JWT)(?:_([A-Z]+))?$`)
	numberedVar = regexp.MustCompile(`^(?:TOKEN|JWT)_(\d+)$`)
	valueVar    = regexp.MustCompile(`^(?:PASSWORD|SECRET)(?:_\d+)?$`)
)

// Recipes are the recipes for the variables of every curl line the summary shows.
func (s *Summary) Recipes() []Recipe {
	var curls []string
	for _, rr := range failedRules(s) {
		curls = append(curls, rr.Curl)
	}
	for _, c := range s.Causes {
		curls = append(curls, c.Curl)
	}
	used := map[string]bool{}
	for _, c := range curls {
		// A variable the line sets itself (a session it logs in, an id it captures) needs no recipe.
		assigned := map[string]bool{}
		for _, m := range assignedVar.FindAllStringSubmatch(c, -1) {
			assigned[m[1]] = true
		}
		for _, m := range curlVar.FindAllStringSubmatch(c, -1) {
			if !assigned[m[1]] {
				used[m[1]] = true
			}
		}
	}
	return recipesFor(used, s.command(), s.targetFlag())
}

func recipesFor(used map[string]bool, command, target string) []Recipe {
	token := command + " token" + target
	var owner, values []string
	byRole, byNumber := map[string][]string{}, map[string][]string{}
	for _, v := range slices.Sorted(mapKeys(used)) {
		switch {
		case v == "CONFORMANCE_API_KEY" || v == "CONFORMANCE_PASSWORD" || v == "TOKEN" || v == "JWT":
			owner = append(owner, v)
		case numberedVar.MatchString(v):
			n := numberedVar.FindStringSubmatch(v)[1]
			byNumber[n] = append(byNumber[n], v)
		case tokenVar.MatchString(v):
			role := strings.ToLower(tokenVar.FindStringSubmatch(v)[1])
			byRole[role] = append(byRole[role], v)
		case valueVar.MatchString(v):
			values = append(values, v)
		}
	}
	var out []Recipe
	if len(owner) > 0 {
		out = append(out, Recipe{Vars: owner, Command: `eval "$(` + token + `)"`, Note: "the key, the owner's password and an owner session"})
	}
	for _, role := range slices.Sorted(mapKeys(byRole)) {
		out = append(out, Recipe{Vars: byRole[role], Command: `eval "$(` + token + " --role " + role + `)"`,
			Note: "a session of " + article(role) + " " + role + " user (created once, reused by later calls)"})
	}
	for _, n := range slices.Sorted(mapKeys(byNumber)) {
		out = append(out, Recipe{Vars: byNumber[n], Command: `eval "$(` + token + " --number " + n + `)"`,
			Note: "another owner session (the run's own was logged out or ended with it)"})
	}
	if len(values) > 0 {
		var assign []string
		for _, v := range values {
			assign = append(assign, v+"=reproduce-"+strings.ToLower(v))
		}
		out = append(out, Recipe{Vars: values, Command: "export " + strings.Join(assign, " "),
			Note: "passwords and secret values the run wrote: any new value of 8 characters or more"})
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) { return maps.Keys(m) }

// writeRecipes prints, after the failed rules, how to set the variables their curl lines use.
func writeRecipes(b *strings.Builder, s *Summary) {
	recipes := s.Recipes()
	if len(recipes) == 0 {
		return
	}
	b.WriteString("\nThe reproduce lines name secrets as shell variables; set them first:\n")
	if s.Target != nil && s.Target.URL == "" {
		b.WriteString("  (the target of this run is gone with it: serve one again, e.g. `make reference`, and add --target)\n")
	}
	for _, r := range recipes {
		fmt.Fprintf(b, "  %s   # %s: %s\n", r.Command, strings.Join(r.Vars, ", "), r.Note)
	}
}

// command is how the summary names the CLI ("mageconform" unless the run says otherwise).
func (s *Summary) command() string {
	if s.Command != "" {
		return s.Command
	}
	return "mageconform"
}

// targetFlag is " --target URL" for a target the recipes can reach again, else "".
func (s *Summary) targetFlag() string {
	if s.Target == nil || s.Target.URL == "" {
		return ""
	}
	return " --target " + shellWord(s.Target.URL)
}

var plainWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

func shellWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
