package monitors

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds what Load reads: a monitors file is a few kilobytes.
const maxFileSize = 4 << 20

// file is the YAML document: a list of monitors under "monitors".
type file struct {
	Monitors []Monitor `yaml:"monitors"`
}

// LoadFile reads and validates the monitors in the YAML file at path (see Load).
func LoadFile(path string) ([]Monitor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("monitors: %w", err)
	}
	defer f.Close()
	ms, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ms, nil
}

// Load reads one YAML document holding a list under "monitors" and validates it (see Validate).
// Unknown fields, duplicate keys, values of the wrong type, unknown kinds, programs, groups and
// commitments, and invalid base58 addresses are errors that name the monitor, the field and,
// for YAML errors, the line; they wrap ErrInvalid. Commitment is left as written (empty means
// processed).
func Load(r io.Reader) ([]Monitor, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("monitors: read: %w", err)
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("monitors: larger than %d bytes: %w", maxFileSize, ErrInvalid)
	}
	var idx index
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("monitors: %v: %w", err, ErrInvalid)
	}
	idx.build(&root)

	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("monitors: empty document: %w", ErrInvalid)
		}
		return nil, idx.explain(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("monitors: more than one YAML document: %w", ErrInvalid)
	}
	if f.Monitors == nil {
		return nil, fmt.Errorf("monitors: no \"monitors\" list: %w", ErrInvalid)
	}
	if err := Validate(f.Monitors); err != nil {
		return nil, err
	}
	return f.Monitors, nil
}

// index maps YAML lines to the monitor defined there, to name it in decoding errors.
type index struct {
	items []item // in document order
}

type item struct {
	line int
	id   string
}

func (x *index) build(root *yaml.Node) {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "monitors" || top.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, m := range top.Content[i+1].Content {
			it := item{line: m.Line}
			if m.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(m.Content); j += 2 {
					if m.Content[j].Value == "id" && m.Content[j+1].Kind == yaml.ScalarNode {
						it.id = m.Content[j+1].Value
					}
				}
			}
			x.items = append(x.items, it)
		}
	}
}

// label names the monitor defined at line, or returns "" when line is outside every monitor.
func (x *index) label(line int) string {
	k := -1
	for i, it := range x.items {
		if it.line <= line {
			k = i
		}
	}
	switch {
	case k < 0:
		return ""
	case x.items[k].id != "":
		return fmt.Sprintf("monitor %q: ", x.items[k].id)
	default:
		return fmt.Sprintf("monitor #%d: ", k+1)
	}
}

var (
	lineRE    = regexp.MustCompile(`^line (\d+): `)
	unknownRE = regexp.MustCompile(`^line (\d+): field (\S+) not found in type monitors\.(\w+)$`)
)

// fieldPath says where in a monitor each decoded type sits, for unknown-field errors.
var fieldPath = map[string]string{
	"file":              "top level",
	"Monitor":           "monitor",
	"Filter":            "filter",
	"TransactionFilter": "filter.transactions",
	"AccountFilter":     "filter.accounts",
	"Memcmp":            "filter.accounts.memcmp[]",
	"SlotFilter":        "filter.slots",
	"BlocksMetaFilter":  "filter.blocks_meta",
}

// explain rewrites a decoding error so that each problem names its monitor.
func (x *index) explain(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("monitors: %v: %w", err, ErrInvalid)
	}
	lines := make([]string, 0, len(te.Errors))
	for _, msg := range te.Errors {
		label := ""
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			label = x.label(n)
		}
		if m := unknownRE.FindStringSubmatch(msg); m != nil {
			where := fieldPath[m[3]]
			if where == "" {
				where = m[3]
			}
			msg = fmt.Sprintf("line %s: unknown field %q in %s", m[1], m[2], where)
		}
		lines = append(lines, "monitors: "+label+msg)
	}
	return fmt.Errorf("%s: %w", strings.Join(lines, "\n"), ErrInvalid)
}
