package store

import "slices"

// Block is one block of a pipeline. A pipeline keeps its blocks, in its order, as the
// objects of its "blocks" attribute (so a rename moves them and a delete removes them with
// the pipeline); BlocksOf reads them and WithBlocks writes them. Only the upstream edges are
// stored: a block's downstream blocks are the blocks that name it upstream, so the two sides
// always agree.
type Block struct {
	UUID, Name, Type, Language, Content string
	Status                              string // "updated" when written with content, else "not_executed"
	Upstream                            []string
	Color                               *string
	Configuration                       map[string]any
	HasCallback                         bool
	ExecutorType                        string
	RetryConfig                         map[string]any // nil is null
	Timeout                             *int
}

// BlocksOf reads a pipeline's blocks in its order. An entry a client wrote through the
// pipeline itself is read leniently: one without a string uuid is not a block and is skipped,
// and what it lacks takes its default.
func BlocksOf(p Pipeline) []Block {
	list, _ := p.Attrs["blocks"].([]any)
	out := make([]Block, 0, len(list))
	for _, entry := range list {
		var m map[string]any
		switch v := entry.(type) {
		case string:
			m = map[string]any{"uuid": v}
		case map[string]any:
			m = v
		}
		uuid, _ := m["uuid"].(string)
		if uuid == "" || slices.ContainsFunc(out, func(b Block) bool { return b.UUID == uuid }) {
			continue
		}
		b := Block{UUID: uuid, Name: uuid, Language: "python", Status: "not_executed", ExecutorType: "local_python",
			Configuration: map[string]any{}}
		if s, ok := m["name"].(string); ok {
			b.Name = s
		}
		b.Type, _ = m["type"].(string)
		if s, ok := m["language"].(string); ok {
			b.Language = s
		}
		b.Content, _ = m["content"].(string)
		if s, ok := m["status"].(string); ok {
			b.Status = s
		}
		b.Upstream = stringsOf(m["upstream_blocks"])
		if s, ok := m["color"].(string); ok {
			b.Color = &s
		}
		if c, ok := m["configuration"].(map[string]any); ok && c != nil {
			b.Configuration = c
		}
		b.HasCallback, _ = m["has_callback"].(bool)
		if s, ok := m["executor_type"].(string); ok && s != "" {
			b.ExecutorType = s
		}
		b.RetryConfig, _ = m["retry_config"].(map[string]any)
		switch t := m["timeout"].(type) {
		case int:
			b.Timeout = &t
		case float64:
			n := int(t)
			b.Timeout = &n
		}
		out = append(out, b)
	}
	return out
}

func stringsOf(v any) []string {
	var out []string
	switch list := v.(type) {
	case []any:
		for _, x := range list {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = append(out, list...)
	}
	return out
}

// WithBlocks is p with its blocks replaced (its attributes are copied, never changed in
// place).
func (p Pipeline) WithBlocks(blocks []Block) Pipeline {
	attrs := make(map[string]any, len(p.Attrs))
	for k, v := range p.Attrs {
		attrs[k] = v
	}
	list := make([]any, 0, len(blocks))
	for _, b := range blocks {
		ups := make([]any, 0, len(b.Upstream))
		for _, u := range b.Upstream {
			ups = append(ups, u)
		}
		m := map[string]any{"uuid": b.UUID, "name": b.Name, "type": b.Type, "language": b.Language,
			"content": b.Content, "status": b.Status, "upstream_blocks": ups, "configuration": b.Configuration,
			"has_callback": b.HasCallback, "executor_type": b.ExecutorType}
		if b.Color != nil {
			m["color"] = *b.Color
		}
		if b.RetryConfig != nil {
			m["retry_config"] = b.RetryConfig
		}
		if b.Timeout != nil {
			m["timeout"] = *b.Timeout
		}
		list = append(list, m)
	}
	attrs["blocks"] = list
	p.Attrs = attrs
	return p
}

// Downstream are the uuids of the blocks that name uuid upstream, in the pipeline's order.
func Downstream(blocks []Block, uuid string) []string {
	out := []string{}
	for _, b := range blocks {
		if slices.Contains(b.Upstream, uuid) {
			out = append(out, b.UUID)
		}
	}
	return out
}
