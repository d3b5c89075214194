//! The restoration stage on a laid-out document: decided once for the whole
//! document (its share of å/ä/ö and its OCR confusions), then applied to
//! every line, segment, word and piece of furniture, so every text field
//! downstream reads in correct Swedish. A document that has its diacritics
//! is left byte-identical.

use super::{needs_restoration, Decision, Lexicon, Restorer};
use crate::layout::{join_segment_texts, Document};
use serde::Serialize;

/// What restoration did to one document, for its record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestorationReport {
    pub applied: bool,
    #[serde(flatten)]
    pub decision: Decision,
    pub changed_words: usize,
}

pub fn restore_document(doc: &mut Document, lexicon: &Lexicon) -> RestorationReport {
    let body: String = doc
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let decision = needs_restoration(&body);
    let mut changed = 0;
    if decision.restore {
        let mut restorer = Restorer::new(lexicon, &decision);
        for page in &mut doc.pages {
            for line in &mut page.lines {
                for segment in &mut line.segments {
                    let restored = restorer.restore(&segment.text);
                    if restored.changed_words > 0 {
                        changed += restored.changed_words;
                        // Words keep their boxes when the restored text has
                        // the same number of words (restoration never splits
                        // or joins words).
                        let new_words: Vec<&str> = restored.text.split(' ').collect();
                        if new_words.len() == segment.words.len() {
                            for (word, text) in segment.words.iter_mut().zip(new_words) {
                                word.text = text.to_string();
                            }
                        }
                        segment.text = restored.text;
                    }
                }
                line.text = join_segment_texts(&line.segments);
            }
        }
        for item in &mut doc.furniture {
            let restored = restorer.restore(&item.text);
            changed += restored.changed_words;
            item.text = restored.text;
        }
    }
    RestorationReport {
        applied: decision.restore,
        decision,
        changed_words: changed,
    }
}
