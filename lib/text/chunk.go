package text

import (
	"slices"
	"strings"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// This file holds the parallel machinery shared by the vectorizers. The
// corpus is cut into one contiguous chunk of documents per goroutine. Each
// chunk is tokenized and counted against its own vocabulary (no locks); the
// chunk vocabularies are sorted in parallel and merged, and the rows are
// mapped to the final columns and copied into one CSR matrix. Every step's
// result depends only on the documents, never on scheduling.

// span is the half-open range of documents [lo, hi) of one chunk.
type span struct{ lo, hi int }

// minChunkBytes is the least text worth a goroutine of its own.
const minChunkBytes = 128 << 10

// defaultWorkers returns GOMAXPROCS, or fewer so that each chunk holds at
// least minChunkBytes of text.
func defaultWorkers(docs []string) int {
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	w := par.Workers()
	if byBytes := total / minChunkBytes; byBytes < w {
		w = byBytes
	}
	return max(w, 1)
}

// splitDocs cuts docs into at most w contiguous chunks of about equal total
// length. It always returns at least one chunk.
func splitDocs(docs []string, w int) []span {
	w = max(1, min(w, len(docs)))
	if w == 1 {
		return []span{{0, len(docs)}}
	}
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	spans := make([]span, 0, w)
	lo, acc := 0, 0
	for i, d := range docs {
		acc += len(d)
		// Close chunk k once the text so far reaches (k+1)/w of the total,
		// leaving at least one document for each chunk still to come.
		k := len(spans)
		if k < w-1 && acc*w >= total*(k+1) && len(docs)-(i+1) >= w-1-k {
			spans = append(spans, span{lo, i + 1})
			lo = i + 1
		}
	}
	return append(spans, span{lo, len(docs)})
}

// localVocab is what one chunk's fitting pass finds: its own vocabulary
// (local ids in order of first appearance) and its documents' counts.
type localVocab struct {
	terms  []string // local id → term (stop words included)
	df     []int32  // local id → documents of the chunk containing it
	tf     []int64  // local id → occurrences in the chunk
	rowPtr []int32  // document d's entries are [rowPtr[d], rowPtr[d+1])
	ids    []int32  // local ids
	counts []int32
	order  []int32 // local ids of the terms that are not stop words, in code-point order
}

// countChunk tokenizes docs, drops the stop words and counts the terms of
// each document against a vocabulary local to the chunk.
func countChunk(docs []string, lower bool, stop map[string]struct{}) *localVocab {
	bytes := 0
	for _, d := range docs {
		bytes += len(d)
	}
	// Every distinct token gets a local id, stop words too: their count
	// stays at -1 so that they cost one lookup and are skipped.
	index := newTermTable(bytes/128 + 16)
	lv := &localVocab{
		rowPtr: make([]int32, 1, len(docs)+1),
		ids:    make([]int32, 0, bytes/12+16),
		counts: make([]int32, 0, bytes/12+16),
	}
	cnt := make([]int32, 0, bytes/128+16)
	var arena stringArena
	var touched []int32
	sc := scanner{lower: lower}
	for _, doc := range docs {
		sc.reset(doc)
		for {
			tok, ok := sc.next()
			if !ok {
				break
			}
			h, p := hashKey(index, tok)
			id, slot, seen := find(index, tok, h, p)
			if !seen {
				t := arena.make(tok)
				id = index.insertAt(t, h, p, slot)
				if _, isStop := stop[t]; isStop {
					cnt = append(cnt, -1)
				} else {
					cnt = append(cnt, 0)
				}
			}
			switch c := cnt[id]; {
			case c == 0:
				touched = append(touched, id)
			case c < 0:
				continue
			}
			cnt[id]++
		}
		for _, id := range touched {
			lv.ids = append(lv.ids, id)
			lv.counts = append(lv.counts, cnt[id])
			cnt[id] = 0
		}
		touched = touched[:0]
		lv.rowPtr = append(lv.rowPtr, int32(len(lv.ids)))
	}
	lv.terms = index.keys
	lv.df = make([]int32, len(lv.terms))
	lv.tf = make([]int64, len(lv.terms))
	for k, id := range lv.ids {
		lv.df[id]++
		lv.tf[id] += int64(lv.counts[k])
	}
	// Only the terms that are not stop words take part in the merge.
	var kept []int32
	for id, c := range cnt {
		if c >= 0 {
			kept = append(kept, int32(id))
		}
	}
	lv.order = sortedOrder(lv.terms, kept)
	return lv
}

// sortedOrder returns the ids in code-point order of their terms (byte
// order of their UTF-8, which is the same). It sorts on the first eight
// bytes as an integer and compares whole strings only on ties.
func sortedOrder(terms []string, ids []int32) []int32 {
	type item struct {
		prefix uint64
		term   string
		id     int32
	}
	items := make([]item, len(ids))
	for i, id := range ids {
		t := terms[id]
		var p uint64
		for k := 0; k < 8; k++ {
			p <<= 8
			if k < len(t) {
				p |= uint64(t[k])
			}
		}
		items[i] = item{p, t, id}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.prefix != b.prefix {
			if a.prefix < b.prefix {
				return -1
			}
			return 1
		}
		return strings.Compare(a.term, b.term)
	})
	order := make([]int32, len(items))
	for i, it := range items {
		order[i] = it.id
	}
	return order
}

// mergeVocab merges the chunks' sorted vocabularies into the global sorted
// vocabulary and returns, for each chunk, the global id of every local id.
func mergeVocab(locals []*localVocab) (terms []string, localToGlobal [][]int32) {
	localToGlobal = make([][]int32, len(locals))
	pos := make([]int, len(locals))
	upper := 0
	for w, lv := range locals {
		localToGlobal[w] = make([]int32, len(lv.terms))
		upper = max(upper, len(lv.terms))
	}
	if len(locals) == 1 {
		lv := locals[0]
		terms = make([]string, len(lv.order))
		for g, l := range lv.order {
			terms[g] = lv.terms[l]
			localToGlobal[0][l] = int32(g)
		}
		return terms, localToGlobal
	}
	terms = make([]string, 0, upper)
	for {
		// The smallest head among the chunks is the next global term.
		best := ""
		found := false
		for w, lv := range locals {
			if pos[w] < len(lv.order) {
				t := lv.terms[lv.order[pos[w]]]
				if !found || t < best {
					best, found = t, true
				}
			}
		}
		if !found {
			return terms, localToGlobal
		}
		g := int32(len(terms))
		terms = append(terms, best)
		for w, lv := range locals {
			if pos[w] < len(lv.order) {
				l := lv.order[pos[w]]
				if lv.terms[l] == best {
					localToGlobal[w][l] = g
					pos[w]++
				}
			}
		}
	}
}

// rowsPart holds the finished rows of one chunk: row d's entries are
// [rowPtr[d], rowPtr[d+1]), columns increasing.
type rowsPart struct {
	rowPtr []int32
	cols   []int32
	counts []int32
}

// rows maps the chunk's local ids to final columns through l2g and col
// (col -1: pruned), dropping pruned terms, and orders each row by column.
// Rather than sort every row, it sorts all the chunk's entries by column with
// a counting sort and deals them back to their rows in column order, which
// costs O(nnz + nCols).
func (lv *localVocab) rows(l2g, col []int32, nCols int) rowsPart {
	nDocs := len(lv.rowPtr) - 1
	// Final column of each entry, entries per column and per row.
	ecol := make([]int32, len(lv.ids))
	colStart := make([]int32, nCols+1)
	rowPtr := make([]int32, nDocs+1)
	for d := 0; d < nDocs; d++ {
		kept := int32(0)
		for k := lv.rowPtr[d]; k < lv.rowPtr[d+1]; k++ {
			c := col[l2g[lv.ids[k]]]
			ecol[k] = c
			if c >= 0 {
				colStart[c+1]++
				kept++
			}
		}
		rowPtr[d+1] = rowPtr[d] + kept
	}
	for c := 0; c < nCols; c++ {
		colStart[c+1] += colStart[c]
	}
	nnz := rowPtr[nDocs]
	// Entries grouped by column, rows increasing within a column.
	byColRow := make([]int32, nnz)
	byColCount := make([]int32, nnz)
	for d := 0; d < nDocs; d++ {
		for k := lv.rowPtr[d]; k < lv.rowPtr[d+1]; k++ {
			if c := ecol[k]; c >= 0 {
				at := colStart[c]
				colStart[c]++
				byColRow[at] = int32(d)
				byColCount[at] = lv.counts[k]
			}
		}
	}
	// colStart[c] now ends column c; deal the entries back to their rows.
	p := rowsPart{rowPtr: rowPtr, cols: make([]int32, nnz), counts: make([]int32, nnz)}
	next := slices.Clone(rowPtr[:nDocs])
	at := int32(0)
	for c := 0; c < nCols; c++ {
		for ; at < colStart[c]; at++ {
			d := byColRow[at]
			p.cols[next[d]] = int32(c)
			p.counts[next[d]] = byColCount[at]
			next[d]++
		}
	}
	return p
}

// appendRow sorts row (entries packed as column<<32 | count) and appends it.
func (p *rowsPart) appendRow(row []uint64) {
	slices.Sort(row)
	for _, e := range row {
		p.cols = append(p.cols, int32(e>>32))
		p.counts = append(p.counts, int32(uint32(e)))
	}
	p.rowPtr = append(p.rowPtr, int32(len(p.cols)))
}

// transformChunk counts the vocabulary terms of docs; index maps a term to
// its column, dropped marks columns to skip (nil: none), nCols is the number
// of columns.
func transformChunk(docs []string, lower bool, index *termTable, dropped []bool, nCols int) rowsPart {
	p := rowsPart{rowPtr: make([]int32, 1, len(docs)+1)}
	cnt := make([]int32, nCols)
	var touched []int32
	var row []uint64
	sc := scanner{lower: lower}
	for _, doc := range docs {
		sc.reset(doc)
		for {
			tok, ok := sc.next()
			if !ok {
				break
			}
			j, known := lookup(index, tok)
			if !known || dropped != nil && dropped[j] {
				continue
			}
			if cnt[j] == 0 {
				touched = append(touched, j)
			}
			cnt[j]++
		}
		row = row[:0]
		for _, j := range touched {
			row = append(row, uint64(j)<<32|uint64(uint32(cnt[j])))
			cnt[j] = 0
		}
		touched = touched[:0]
		p.appendRow(row)
	}
	return p
}

// assemble concatenates the chunks' rows into an n × nCols CSR matrix of
// counts (of ones when binary is set), copying the chunks in parallel.
func assemble(n, nCols int, parts []rowsPart, binary bool) (*sparse.CSR, error) {
	rowStart := make([]int, len(parts)+1)
	nnzStart := make([]int, len(parts)+1)
	for w, p := range parts {
		rowStart[w+1] = rowStart[w] + len(p.rowPtr) - 1
		nnzStart[w+1] = nnzStart[w] + len(p.cols)
	}
	if rowStart[len(parts)] != n {
		panic("text: internal error: chunks do not cover the documents")
	}
	nnz := nnzStart[len(parts)]
	indptr := make([]int, n+1)
	indices := make([]int, nnz)
	data := make([]float64, nnz)
	par.Do(len(parts), func(w int) {
		p := parts[w]
		r0, z0 := rowStart[w], nnzStart[w]
		for d := 1; d < len(p.rowPtr); d++ {
			indptr[r0+d] = z0 + int(p.rowPtr[d])
		}
		for k, c := range p.cols {
			indices[z0+k] = int(c)
		}
		dst := data[z0 : z0+len(p.counts)]
		if binary {
			for k := range dst {
				dst[k] = 1
			}
		} else {
			for k, c := range p.counts {
				dst[k] = float64(c)
			}
		}
	})
	return sparse.NewCSR(n, nCols, indptr, indices, data)
}
