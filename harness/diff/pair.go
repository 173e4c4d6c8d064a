package diff

import "fmt"

// Compare pairs the runs' exchanges by spec and position and compares each pair. Within a
// spec, both runs send the same requests (requestOf) as long as the servers answer alike; at
// the first position where they do not (a request differs, or one spec ended sooner), the
// scenario has taken another path, and the rest of that spec is one divergence, not a
// difference per exchange. The answers before that point are still compared, so the answer
// that sent the scenario elsewhere is listed too.
func Compare(base, target *Run, baseline, tgt Side) *Result {
	baseline.Exchanges, tgt.Exchanges = base.Len(), target.Len()
	setAside(base, target)
	baseline.SetAside, tgt.SetAside = base.SetAside(), target.SetAside()
	res := &Result{Baseline: baseline, Target: tgt}
	var g grouper
	for _, key := range specKeys(base, target) {
		res.Specs++
		bx, tx := base.Specs[key], target.Specs[key]
		for i := 0; i < len(bx) || i < len(tx); i++ {
			var b, t *Exchange
			if i < len(bx) {
				b = &bx[i]
			}
			if i < len(tx) {
				t = &tx[i]
			}
			if b == nil || t == nil || requestOf(*b) != requestOf(*t) {
				f, resource, action, note := divergence(b, t, bx, tx)
				g.add(resource, action, f, func() Example {
					return Example{Spec: specOf(b, t), Index: i, Baseline: viewOf(b), Target: viewOf(t), Note: note}
				})
				break
			}
			res.Compared++
			resource, action := route(requestOf(*b))
			for _, f := range compareExchange(*b, *t, base, target, resource) {
				g.add(resource, action, f, func() Example {
					return Example{Spec: b.Spec, Index: i, Baseline: viewOf(b), Target: viewOf(t)}
				})
			}
		}
	}
	res.Groups = g.sorted()
	return res
}

// specKeys is every spec either run has, the baseline's order first.
func specKeys(base, target *Run) []string {
	seen := map[string]bool{}
	var out []string
	for _, run := range []*Run{base, target} {
		for _, k := range run.Order {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// divergence describes where a spec's two runs part: the request each side sent next (or
// that its spec made no more), grouped under the route of the side that still sent one.
func divergence(b, t *Exchange, bx, tx []Exchange) (f Finding, resource, action, note string) {
	f = Finding{Kind: KindDivergence, Baseline: nextRequest(b, bx), Target: nextRequest(t, tx)}
	switch {
	case b != nil:
		resource, action = route(requestOf(*b))
	default:
		resource, action = route(requestOf(*t))
	}
	note = fmt.Sprintf("the baseline's spec made %d requests%s, the target's %d%s", len(bx), failed(bx), len(tx), failed(tx))
	return f, resource, action, note
}

func nextRequest(e *Exchange, all []Exchange) string {
	switch {
	case e != nil:
		return requestOf(*e)
	case len(all) == 0:
		return "(the spec made no request)"
	}
	return "(the spec made no more requests)"
}

func failed(ex []Exchange) string {
	if len(ex) > 0 && ex[len(ex)-1].SpecFailed {
		return " and failed"
	}
	return ""
}

func specOf(b, t *Exchange) string {
	if b != nil {
		return b.Spec
	}
	return t.Spec
}
