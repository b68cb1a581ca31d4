//! What claimscope works out from a project, beside the model it reads: how outlets frame
//! claims (`compare`, `stats`), how far two analysts agree (`agreement`) and the adjudication of
//! their differences (`adjudicate`), the three-way merge of two versions of a project
//! (`threeway`), near-duplicate articles (`duplicates`), similar passages by words and by meaning
//! (`similar`, `semantic`, measured against the plain rankings of `peers`), suggested claims (`suggest`), and synthetic projects for measuring
//! (`synthetic`). Each builds on [`crate::model`]; the model never uses them.

pub mod adjudicate;
pub mod agreement;
pub mod clauses;
pub mod compare;
pub mod duplicates;
pub mod peers;
pub mod semantic;
pub mod similar;
pub mod stats;
pub mod suggest;
pub mod synthetic;
pub mod tags;
pub mod threeway;

#[cfg(test)]
mod tests {
    /// The model does not reach into the analyses: the dependency runs one way.
    #[test]
    fn the_model_uses_no_analysis() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
        for entry in std::fs::read_dir(&dir).expect("the model's sources") {
            let path = entry.expect("an entry").path();
            // The model's own tests may check it against an analysis.
            if path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            // Doc links may name the analyses; code may not.
            let code: String =
                text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            assert!(!code.contains("analysis::"), "{} uses an analysis", path.display());
        }
    }
}
