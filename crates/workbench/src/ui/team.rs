//! The team side view: the conflicts a merge left in the project, and the adjudication of two
//! analysts' work (each difference side by side, taken left, right, both or neither).
//!
//! It draws from the project and the adjudication and pushes intents naming what they act on
//! (a conflict's position, differences by index); the app builds and applies the edits.

use eframe::egui::{self, Color32, RichText, Ui, text::LayoutJob};

use crate::analysis::adjudicate::{Adjudication, Difference, Kind, Version, undecided_of};
use crate::analysis::agreement::Agreement;
use crate::model::{Choice, Project, Side, Subject, short};

use super::intent::Intent;

/// Chars of article shown on each side of a passage.
const CONTEXT: usize = 160;

/// View state of the team view.
#[derive(Default)]
pub struct TeamView {
    pub open: bool,
    /// The adjudication under way, with the names of the two analysts' files.
    pub adjudication: Option<(Adjudication, String, String)>,
    /// The difference shown side by side.
    pub current: Option<usize>,
    /// Only differences of this kind are listed (and taken at once).
    pub kind: Option<Kind>,
    /// Hide differences already decided.
    pub hide_decided: bool,
    /// How far two analysts agree: their names and the figures (or why there are none).
    pub agreement: Option<(String, String, Result<Agreement, String>)>,
    /// The project had merge conflicts while this view showed it: once none are left, say how
    /// to finish the merge in git.
    had_conflicts: bool,
    /// "all right" (or left, neither) asked for where it drops passages only the other side
    /// marked: the choice, the differences, and how many passages it drops, to confirm.
    confirm: Option<(Choice, Vec<usize>, usize)>,
}

impl TeamView {
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Team");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt("team scroll").auto_shrink([false, false]).show(ui, |ui| {
            if !project.conflicts().is_empty() {
                self.had_conflicts = true;
                conflicts(ui, project, intents);
                ui.separator();
            } else if self.had_conflicts {
                ui.label(RichText::new("Every merge conflict is settled.").strong());
                ui.label(
                    "To finish the merge: save the project (Ctrl+S), then in a terminal in its folder run \
                     git add <the project file> and git commit. Git knows the file is settled only once it is added.",
                );
                if ui.button("Save now").clicked() {
                    intents.push(Intent::Run(super::commands::Command::Save));
                }
                ui.separator();
            }
            if let Some((left, right, figures)) = &self.agreement {
                // Folded while adjudicating, so that the difference at hand stays in view.
                agreement(ui, left, right, figures, self.adjudication.is_none());
                ui.separator();
            }
            match &self.adjudication {
                Some(_) => self.adjudication_ui(ui, project, intents),
                None if project.conflicts().is_empty() && self.agreement.is_none() => {
                    ui.label("No merge conflicts in this project.");
                    ui.add_space(6.0);
                    ui.label(
                        "To see how far your work agrees with a colleague's on the same articles, choose \
                         Team > Agreement with another analyst's project…; to settle the differences into one \
                         project, Team > Adjudicate two analysts…",
                    );
                    ui.horizontal_wrapped(|ui| {
                        if ui.button("Agreement with…").clicked() {
                            intents.push(Intent::Run(super::commands::Command::AgreeWith));
                        }
                        if ui.button("Adjudicate two analysts…").clicked() {
                            intents.push(Intent::Run(super::commands::Command::Adjudicate));
                        }
                    });
                }
                None => {}
            }
        });
    }

    fn adjudication_ui(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let Some((adj, left, right)) = &self.adjudication else { return };
        // Each difference's decision, looked up once a frame.
        let decisions = adj.decisions(project);
        let decided = decisions.iter().flatten().count();
        ui.label(RichText::new(format!("Adjudicating {left} (left) and {right} (right)")).strong());
        ui.label(format!(
            "{} alike from the start · {} difference(s), {decided} decided",
            adj.agreed,
            adj.differences.len()
        ));
        if !adj.only_in_one.is_empty() {
            ui.label(RichText::new(format!("In one project only: {}", adj.only_in_one.join(", "))).small().weak());
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Show");
            let combo = egui::ComboBox::from_id_salt("difference kind")
                .selected_text(self.kind.map_or("every kind", Kind::label))
                .show_ui(ui, |ui| {
                    crate::ui::widgets::choice_value(ui, &mut self.kind, None, "every kind");
                    for k in Kind::ALL {
                        let n = adj.differences.iter().filter(|d| d.kind == k).count();
                        crate::ui::widgets::choice_value(ui, &mut self.kind, Some(k), format!("{} ({n})", k.label()));
                    }
                });
            let _ = combo.response.labelled_by(label.id);
            ui.checkbox(&mut self.hide_decided, "hide decided");
        });
        let open = undecided_of(&adj.differences, &decisions, self.kind);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("All {} undecided shown:", open.len()));
            for choice in [Choice::Left, Choice::Right, Choice::Both, Choice::Neither] {
                // What the choice drops: passages only the other analyst marked.
                let dropped = open
                    .iter()
                    .filter_map(|&i| adj.differences.get(i))
                    .filter(|d| match choice {
                        Choice::Left => d.left.is_none(),
                        Choice::Right => d.right.is_none(),
                        Choice::Neither => true,
                        Choice::Both => false,
                    })
                    .count();
                let hover = match dropped {
                    0 => format!("Take {} for every difference listed", choice.label()),
                    n => format!(
                        "Take {} for every difference listed: drops {n} passage(s) only one analyst marked",
                        choice.label()
                    ),
                };
                let b = ui.add_enabled(!open.is_empty(), egui::Button::new(format!("all {}", choice.label())));
                if b.on_hover_text(hover).clicked() {
                    if dropped > 0 && choice != Choice::Neither {
                        self.confirm = Some((choice, open.clone(), dropped));
                    } else {
                        intents.push(Intent::Decide { differences: open.clone(), choice });
                    }
                }
            }
        });
        if let Some((choice, differences, dropped)) = self.confirm.clone() {
            let other = match choice {
                Choice::Left => right.as_str(),
                _ => left.as_str(),
            };
            ui.group(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Taking {} for all {} drops {dropped} passage(s) that only {other} marked. Go on?",
                        choice.label(),
                        differences.len()
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                ui.horizontal(|ui| {
                    if ui.button(format!("Take {} for all, dropping them", choice.label())).clicked() {
                        intents.push(Intent::Decide { differences: differences.clone(), choice });
                        self.confirm = None;
                    }
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                });
            });
        }
        ui.separator();

        // The current difference, side by side.
        if let Some(i) = self.current
            && let Some(d) = adj.differences.get(i)
        {
            ui.label(
                RichText::new(format!("Difference {} of {}: {}", i + 1, adj.differences.len(), d.kind.label()))
                    .strong(),
            );
            match decisions[i] {
                Some(dec) => {
                    let by = if dec.by.is_empty() { String::new() } else { format!(" by {}", dec.by) };
                    ui.label(format!("Decided: {}{by}. Undo (Ctrl+Z) to decide again.", dec.choice.label()));
                }
                None => {
                    ui.horizontal_wrapped(|ui| {
                        for (choice, label) in [
                            (Choice::Left, "Take left"),
                            (Choice::Right, "Take right"),
                            (Choice::Both, "Take both"),
                            (Choice::Neither, "Take neither"),
                        ] {
                            let has = match choice {
                                Choice::Left => d.left.is_some(),
                                Choice::Right => d.right.is_some(),
                                _ => true,
                            };
                            if ui.add_enabled(has, egui::Button::new(label)).clicked() {
                                intents.push(Intent::Decide { differences: vec![i], choice });
                                // On to the next undecided one.
                                self.current = open.iter().copied().find(|&j| j > i).or(Some(i));
                            }
                        }
                    });
                }
            }
            // The choice first, then the two versions: in a narrow column the versions run
            // long, and the buttons must not scroll away below them.
            ui.columns(2, |cols| {
                version(&mut cols[0], project, d, d.left.as_ref(), &format!("Left: {left}"));
                version(&mut cols[1], project, d, d.right.as_ref(), &format!("Right: {right}"));
            });
            ui.separator();
        }

        for (i, d) in adj.differences.iter().enumerate() {
            if self.kind.is_some_and(|k| d.kind != k) {
                continue;
            }
            let decision = decisions[i];
            if self.hide_decided && decision.is_some() {
                continue;
            }
            let title = project.document(d.doc).map(|x| x.title.clone()).unwrap_or_default();
            let mark = decision.map_or_else(|| "•".to_owned(), |x| format!("✔ {}", x.choice.label()));
            let text = format!("{mark} {} · {} · {}", i + 1, short(&title), d.summary());
            let row = ui.selectable_label(self.current == Some(i), text);
            if row.clicked() {
                self.current = Some(i);
                intents.push(Intent::Reveal { doc: d.doc, range: d.range() });
            }
        }
    }
}

/// One analyst's version of a difference: its tag, claim and note, and the passage in its
/// article with the marked span highlighted.
fn version(ui: &mut Ui, project: &Project, d: &Difference, v: Option<&Version>, heading: &str) {
    ui.label(RichText::new(heading).strong());
    let Some(v) = v else {
        ui.label(RichText::new("(did not mark this passage)").italics().weak());
        return;
    };
    let colour = project.find_tag(&v.tag).map(|t| t.colour);
    let fill = colour
        .map_or(Color32::from_rgb(255, 230, 120), |c| Color32::from_rgba_unmultiplied(c.0[0], c.0[1], c.0[2], 90));
    ui.label(format!("{} · chars {}–{}", v.tag, v.range.start, v.range.end));
    if let Some((label, _)) = &v.claim {
        ui.label(format!("claim: {}", short(label)));
    }
    if !v.speaker.is_empty() {
        ui.label(format!("speaker: {}", v.speaker));
    }
    if !v.note.is_empty() {
        ui.label(RichText::new(format!("note: {}", v.note)).small());
    }
    if !v.created_by.is_empty() {
        ui.label(RichText::new(format!("by {}", v.created_by)).small().weak());
    }
    let Some(doc) = project.document(d.doc) else { return };
    let text = &doc.text;
    let from = v.range.start.saturating_sub(CONTEXT);
    let to = (v.range.end + CONTEXT).min(text.len_chars());
    let style = ui.style();
    let font = egui::TextStyle::Body.resolve(style);
    let plain = egui::TextFormat { font_id: font.clone(), color: style.visuals.text_color(), ..Default::default() };
    let marked = egui::TextFormat { background: fill, ..plain.clone() };
    let mut job = LayoutJob::default();
    job.append(&format!("…{}", text.slice(from..v.range.start)), 0.0, plain.clone());
    job.append(text.slice(v.range.clone()), 0.0, marked);
    job.append(&format!("{}…", text.slice(v.range.end..to)), 0.0, plain);
    job.wrap.max_width = ui.available_width();
    // Left-aligned (a column's layout would justify it, spacing the letters apart).
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| ui.label(job));
}

/// A figure to three decimals, or "n/a" where it is undefined (nothing to compare).
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

/// The agreement figures: overall, per tag, per article.
fn agreement(ui: &mut Ui, left: &str, right: &str, figures: &Result<Agreement, String>, open: bool) {
    let headline = figures.as_ref().ok().map_or_else(String::new, |a| format!(": alpha {}", num(a.alpha)));
    egui::CollapsingHeader::new(RichText::new(format!("Agreement of {left} and {right}{headline}")).strong())
        .id_salt("agreement")
        .default_open(open)
        .show(ui, |ui| {
            let a = match figures {
                Ok(a) => a,
                Err(e) => {
                    ui.label(e);
                    return;
                }
            };
            ui.label(
                RichText::new(format!(
                    "{} article(s) in both{}",
                    a.documents.len(),
                    if a.only_in_one.is_empty() {
                        String::new()
                    } else {
                        format!("; {} in only one, left out", a.only_in_one.len())
                    }
                ))
                .small(),
            );
            // The figure first, its name after it wrapping in the column: names that did not
            // wrap widened the team view past the window at 900 px.
            let overall = [
                (num(a.alpha), "Krippendorff's unitizing alpha (characters, all tags)".to_owned()),
                (num(a.kappa_exact), format!("Cohen's kappa, exactly matching spans ({} pairs)", a.pairs_exact)),
                (num(a.kappa_overlap), format!("Cohen's kappa, overlapping spans ({} pairs)", a.pairs_overlap)),
                (
                    num(a.claim_f1),
                    format!("Claim agreement, F1 over same-claim links ({} and {})", a.claim_links.0, a.claim_links.1),
                ),
            ];
            for (value, name) in overall {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(value).strong().monospace());
                    ui.label(name);
                });
            }
            ui.add_space(4.0);
            egui::Grid::new("agreement per tag").num_columns(4).striped(true).show(ui, |ui| {
                for h in ["tag", "alpha", "F1 exact", "F1 overlap"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (tag, (exact, overlap)) in &a.f1_by_tag {
                    ui.label(tag);
                    ui.label(num(a.alpha_by_tag.get(tag).copied().flatten()));
                    ui.label(num(*exact));
                    ui.label(num(*overlap));
                    ui.end_row();
                }
            });
            ui.add_space(4.0);
            egui::CollapsingHeader::new(format!("Per article ({})", a.alpha_by_document.len()))
                .id_salt("agreement per article")
                .show(ui, |ui| {
                    egui::Grid::new("agreement per article").num_columns(2).striped(true).show(ui, |ui| {
                        // The figure first: a long title is cut at the column's edge.
                        for (title, alpha) in &a.alpha_by_document {
                            ui.label(RichText::new(num(*alpha)).monospace());
                            ui.add(egui::Label::new(short(title)).truncate()).on_hover_text(title.as_str());
                            ui.end_row();
                        }
                    });
                });
        });
}

fn conflicts(ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
    ui.label(RichText::new(format!("Merge conflicts ({})", project.conflicts().len())).strong());
    ui.label(
        RichText::new("Both sides changed these differently. The project holds the kept value; use the other instead, or keep it.")
            .small(),
    );
    for (i, c) in project.conflicts().iter().enumerate() {
        ui.group(|ui| {
            let what = match c.subject {
                Subject::Annotation(id) => project
                    .annotation(id)
                    .map_or_else(|| c.subject.to_string(), |a| format!("“{}”", short(&a.quote.exact))),
                Subject::Claim(id) => {
                    project.claim(id).map_or_else(|| c.subject.to_string(), |x| format!("claim “{}”", short(&x.label)))
                }
                Subject::Tag(id) => {
                    project.tag(id).map_or_else(|| c.subject.to_string(), |x| format!("tag {}", x.name))
                }
                Subject::Document(id) => project
                    .document(id)
                    .map_or_else(|| c.subject.to_string(), |x| format!("article “{}”", short(&x.title))),
                Subject::Project => c.subject.to_string(),
            };
            let row = ui.link(format!("{what}: {}", c.field));
            if row.clicked()
                && let Subject::Annotation(id) = c.subject
            {
                intents.push(Intent::Select(Some(id)));
            }
            // Whose change each value is: ours or theirs, with the analyst, the day and the
            // branch where the merge knew them.
            let other_side = match c.kept {
                Side::Ours => Side::Theirs,
                Side::Theirs => Side::Ours,
            };
            ui.label(format!("kept, {}: {}", c.origin.describe(c.kept), c.kept_value().named(project)));
            ui.label(format!("other, {}: {}", c.origin.describe(other_side), c.other().named(project)));
            ui.label(RichText::new(format!("before either change: {}", c.base.named(project))).small().weak());
            ui.horizontal(|ui| {
                if ui.button("Keep").on_hover_text("Keep the value the project holds").clicked() {
                    intents.push(Intent::ResolveConflict { index: i, use_other: false });
                }
                if ui.button("Use other").on_hover_text("Take the other side's value").clicked() {
                    intents.push(Intent::ResolveConflict { index: i, use_other: true });
                }
            });
        });
    }
}
