// Package vietnamese holds the text rules govnews applies to Vietnamese at
// every entry point: NFC, canonical tone-mark placement, diacritic folding,
// tokenization that keeps abbreviations and document numbers whole, and the
// recognition of document numbers ("250/QĐ-SKHCN", "18-NQ/TW").
//
// It has no dependency on bleve, HTTP or crawling, so the extractor, the
// index and the query parser all apply exactly the same rules.
package vietnamese
