package monitors

import (
	"maps"
	"slices"
	"sync/atomic"

	"github.com/geyserjet/geyserjet/pkg/events"
)

// A Router maps the filter names of one stream's updates back to the stream's monitors. Plan
// builds it; it is safe for concurrent use.
type Router struct {
	ids     []string            // the stream's monitor ids, sorted; a monitor's index is its bit
	wants   []wants             // by monitor index
	filters map[string][]uint64 // wire filter name -> bit set of the monitors it stands for
	words   int                 // length of every bit set

	dropped atomic.Uint64
	unknown atomic.Uint64
}

// wants is what one monitor asked for; nil lists mean any.
type wants struct {
	kinds    []events.Kind
	programs []events.Program
}

func (w *wants) match(p events.Program, k events.Kind) bool {
	return (w.kinds == nil || slices.Contains(w.kinds, k)) &&
		(w.programs == nil || slices.Contains(w.programs, p))
}

// newRouter returns a Router over group, sorted by id, without filters yet.
func newRouter(group []*Monitor) *Router {
	r := &Router{
		ids:     make([]string, len(group)),
		wants:   make([]wants, len(group)),
		filters: make(map[string][]uint64),
		words:   (len(group) + 63) / 64,
	}
	for i, m := range group {
		r.ids[i] = m.ID
		if len(m.Kinds) > 0 {
			r.wants[i].kinds = slices.Clone(m.Kinds)
		}
		if len(m.Programs) > 0 {
			r.wants[i].programs = slices.Clone(m.Programs)
		}
	}
	return r
}

// addFilter records that the wire filter name stands for the monitors ids. A name that
// appears in several maps of the request stands for the same monitors in each.
func (r *Router) addFilter(name string, ids []string) {
	set := r.filters[name]
	if set == nil {
		set = make([]uint64, r.words)
		r.filters[name] = set
	}
	for _, id := range ids {
		i, _ := slices.BinarySearch(r.ids, id)
		set[i/64] |= 1 << (i % 64)
	}
}

// stackWords is how many words of monitor bits Route keeps on the stack: streams of up to 256
// monitors route without allocating.
const stackWords = 4

// matched ORs the bit sets of filters into a set of r.words words, counting unknown names.
func (r *Router) matched(buf *[stackWords]uint64, filters []string) []uint64 {
	var set []uint64
	if r.words <= stackWords {
		set = buf[:r.words]
	} else {
		set = make([]uint64, r.words)
	}
	for _, f := range filters {
		bits, ok := r.filters[f]
		if !ok {
			r.unknown.Add(1)
			continue
		}
		for w := range set {
			set[w] |= bits[w]
		}
	}
	return set
}

// Monitors appends to dst, in sorted order, the ids of the monitors that the filter names of
// an update (SubscribeUpdate.Filters) stand for, whatever they want, and returns the extended
// slice. Use it to label what an update was received for (metrics, dead letters). Names this
// stream did not plan are ignored and counted (see UnknownFilters).
func (r *Router) Monitors(dst []string, filters []string) []string {
	var buf [stackWords]uint64
	set := r.matched(&buf, filters)
	for i, id := range r.ids {
		if set[i/64]&(1<<(i%64)) != 0 {
			dst = append(dst, id)
		}
	}
	return dst
}

// Route appends to dst, in sorted order, the ids of the monitors that the filter names of an
// update stand for and that want events of program p and kind k, and returns the extended
// slice: the value of the event's Monitors field. When it appends nothing, the event is one no
// monitor asked for: the caller drops it, and Route counts it (see Dropped). Route allocates
// only when dst must grow, or for streams of more than 256 monitors.
func (r *Router) Route(dst []string, filters []string, p events.Program, k events.Kind) []string {
	var buf [stackWords]uint64
	set := r.matched(&buf, filters)
	n := len(dst)
	for i, id := range r.ids {
		if set[i/64]&(1<<(i%64)) != 0 && r.wants[i].match(p, k) {
			dst = append(dst, id)
		}
	}
	if len(dst) == n {
		r.dropped.Add(1)
	}
	return dst
}

// Dropped returns how many Route calls matched no monitor that wanted the event.
func (r *Router) Dropped() uint64 { return r.dropped.Load() }

// UnknownFilters returns how many filter names passed to Route and Monitors this stream did
// not plan (an update for an older SubscribeRequest, or a provider bug).
func (r *Router) UnknownFilters() uint64 { return r.unknown.Load() }

// Filters returns the stream's wire filter names, sorted.
func (r *Router) Filters() []string {
	return slices.Sorted(maps.Keys(r.filters))
}
