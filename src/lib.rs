//! `iub`: Swedish municipal plans for interventions without individual needs
//! assessment (SoL 2025:400, 11 kap. 5 §) → structured, comparable data.
//!
//! Stages, each a module with one input and one output type:
//! `pdf` (→ `ocr`) / `text_input` → `normalize` → `layout` → (segmentation,
//! classification, output: later stages). See ARCHITECTURE.md.

pub mod batch;
pub mod bundled;
pub mod classify;
pub mod compare;
pub mod dataset;
pub mod error;
pub mod eval;
pub mod fuzzing;
pub mod geom;
pub mod inspect;
pub mod isolate;
pub mod layout;
pub mod limits;
pub mod normalize;
pub mod ocr;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod restore;
pub mod segment;
pub mod text_input;
pub mod vocab;
pub mod worker;
