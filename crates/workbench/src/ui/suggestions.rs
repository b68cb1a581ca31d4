//! The "Suggested claims" tab of the compare view: groups of passages from different articles
//! that seem to say the same thing (`model::suggest`), each with its evidence; one click makes
//! the claim (tagging the passages not yet annotated with the tag the analyst picked) or adds
//! to the claim it extends; a dismissal is an undoable edit kept in the project.
//!
//! The links between passages are the costly part (every passage against every other): built
//! at once for a small project, on the runner for a large one, again only when the passages or
//! the vectors change. Grouping them runs after every edit.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use eframe::egui::{self, Ui};

use crate::analysis::suggest::{Candidate, Links, suggest};
use crate::model::{DocId, Project, TagId, short, truncate};

use super::intent::Intent;
use super::meaning::Semantic;
use super::runner::Runner;

/// Suggestions listed.
const SHOWN: usize = 20;
/// Passages of a suggestion shown before "n more passages".
const PASSAGES_SHOWN: usize = 6;
/// Projects with more article text than this have their links built on the runner.
const BACKGROUND_BYTES: usize = 200_000;

/// State of the tab.
#[derive(Default)]
pub struct Suggestions {
    /// The links, and the vector generation they were built with.
    links: Option<(u64, Arc<Links>)>,
    /// Links being built on the runner, for this vector generation.
    building: Option<(u64, Receiver<Links>)>,
    /// The project revision `links` were last checked against.
    checked: Option<u64>,
    /// The (project revision, vector generation) at which a build stopped without a result:
    /// not tried again until one of them changes, so a build that fails does not start again
    /// every frame.
    failed: Option<(u64, u64)>,
    /// The suggestions shown, for a project revision and vector generation.
    shown: Option<(u64, u64, Vec<Candidate>)>,
    /// The tag new passages get.
    pub tag: Option<TagId>,
    /// Claim labels as edited, by suggestion key.
    labels: HashMap<String, String>,
    /// Passages the analyst unticked (indices into the members), by suggestion key.
    unticked: HashMap<String, BTreeSet<usize>>,
}

impl Suggestions {
    /// Draws the tab; returns a passage to show in the reader.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        semantic: &Semantic,
        runner: &Runner,
        analyst: &str,
        intents: &mut Vec<Intent>,
    ) -> Option<(DocId, std::ops::Range<usize>)> {
        let project: &Project = shared;
        if !self.refresh(ui, shared, semantic, runner) {
            if self.failed.is_some() {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "Could not compare the passages: the background work stopped. It is tried again after the next change.",
                );
                return None;
            }
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Comparing the passages of {} articles…", project.documents().len()));
            });
            return None;
        }
        let Some((_, _, found)) = &self.shown else { return None };
        ui.label("Passages of different articles that seem to say the same thing. Make one a claim, or dismiss it.");
        let meaning = self.links.as_ref().is_some_and(|(_, l)| l.with_meaning());
        let how = match semantic.activity() {
            Some(activity) if !meaning => format!("Grouped by shared words for now. {activity}"),
            _ if meaning => "Grouped by meaning; the words they share are shown.".to_owned(),
            _ => "Grouped by shared words.".to_owned(),
        };
        ui.label(egui::RichText::new(how).small().weak());
        if let Some((left, compared)) =
            self.links.as_ref().map(|(_, l)| (l.left_out(), l.compared())).filter(|(n, _)| *n > 0)
        {
            ui.label(
                egui::RichText::new(format!(
                    "{left} passages of the last articles were not compared (at most {compared} are)."
                ))
                .small()
                .weak(),
            );
        }
        // The tag given to passages not yet annotated.
        if self.tag.is_none_or(|t| project.tag(t).is_none()) {
            self.tag = project.tags().first().map(|t| t.id);
        }
        ui.horizontal(|ui| {
            let label = ui.label("Tag new passages as");
            let choice = super::tag_choice::tag_choice(ui, "suggestion tag", project, self.tag, None, None);
            if let Some(Some(tag)) = choice.chosen {
                self.tag = Some(tag);
            }
            let _ = choice.response.labelled_by(label.id).accessible_name("Tag new passages as");
        });
        if found.is_empty() {
            ui.label(
                "No suggestions: no passages of different articles are close enough, or all are linked or dismissed.",
            );
            return None;
        }
        let mut reveal = None;
        let tag = self.tag;
        let labels = &mut self.labels;
        let unticked = &mut self.unticked;
        egui::ScrollArea::vertical().id_salt("suggestions").auto_shrink([false, false]).show(ui, |ui| {
            for (k, c) in found.iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let extends = c.claim.and_then(|id| project.claim(id));
                    let head = match extends {
                        Some(claim) => format!("{}. Adds to “{}”", k + 1, short(&claim.label)),
                        None => format!("{}. New claim, {} articles", k + 1, c.articles()),
                    };
                    ui.label(egui::RichText::new(head).strong());
                    ui.add(egui::Label::new(egui::RichText::new(c.why.summary()).small().weak()).truncate())
                        .on_hover_text(format!(
                            "{}\nScore {:.2} over {} links",
                            c.why.summary(),
                            c.score,
                            c.members.len() - 1
                        ));
                    // Enter in the label makes the claim, as in every field of a form (it did
                    // nothing).
                    let mut entered = false;
                    if extends.is_none() {
                        ui.horizontal(|ui| {
                            ui.label("Claim");
                            let label = labels.entry(c.key.clone()).or_insert_with(|| c.label.clone());
                            let field = ui
                                .add(
                                    egui::TextEdit::singleline(label)
                                        .id_salt(("suggested label", &c.key))
                                        .hint_text("what the passages assert")
                                        .desired_width(f32::INFINITY),
                                )
                                .accessible_name(format!("Label of suggestion {}", k + 1));
                            entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        });
                    }
                    let dropped = unticked.get(&c.key).cloned().unwrap_or_default();
                    let ticked = c.members.len() - dropped.len();
                    ui.horizontal_wrapped(|ui| {
                        let mut accept = false;
                        let enough = ticked >= 2;
                        let of = if dropped.is_empty() { String::new() } else { format!(" of {ticked} passages") };
                        if extends.is_none() {
                            accept |= entered && enough;
                            accept |= ui
                                .add_enabled(enough, egui::Button::new(format!("Make claim{of}")))
                                .on_hover_text(
                                    "Make a claim of the ticked passages: tag those not yet annotated, link all",
                                )
                                .on_disabled_hover_text("Tick at least two passages")
                                .clicked();
                        } else {
                            accept |= ui
                                .add_enabled(enough, egui::Button::new(format!("Add to claim{of}")))
                                .on_hover_text("Link the ticked passages to the claim")
                                .on_disabled_hover_text("Tick at least two passages")
                                .clicked();
                        }
                        if accept {
                            let Some(tag) = tag else {
                                intents.push(Intent::Say("Make a tag first: new passages need one.".into()));
                                return;
                            };
                            let made = crate::model::NewAnnotation {
                                created: crate::clock::now_rfc3339(),
                                created_by: analyst.to_owned(),
                                ..Default::default()
                            };
                            let label = labels.get(&c.key).cloned().unwrap_or_else(|| c.label.clone());
                            // Unticked passages stay out, remembered as not belonging with the rest.
                            match project.accept_suggestion_without(c, &dropped, tag, &label, &made) {
                                Ok((_, edit)) => intents.push(Intent::Edit {
                                    edit,
                                    label: match extends {
                                        Some(claim) => {
                                            let n = c.members.iter().filter(|m| m.claim != c.claim).count();
                                            let s = if n == 1 { "" } else { "s" };
                                            format!("Add {n} passage{s} to “{}”", short(&claim.label))
                                        }
                                        None => format!("Make claim “{}”", short(&label)),
                                    },
                                }),
                                Err(e) => intents.push(Intent::Say(format!("Make claim: {e}"))),
                            }
                        }
                        if ui
                            .button("Dismiss")
                            .on_hover_text("Do not suggest these passages again (undo brings it back)")
                            .clicked()
                        {
                            match project.dismiss_suggestion(c) {
                                Ok(edit) => intents.push(Intent::Edit { edit, label: "Dismiss suggestion".into() }),
                                Err(e) => intents.push(Intent::Say(format!("Dismiss: {e}"))),
                            }
                        }
                    });
                    // The passages under the actions: a group over many articles stays usable.
                    // Each can be unticked: it stays out of the claim made.
                    let mut passage = |ui: &mut Ui, i: usize, m: &crate::analysis::suggest::Member| {
                        let Some(d) = project.document(m.doc) else { return };
                        ui.horizontal(|ui| {
                            let mut on = !unticked.get(&c.key).is_some_and(|s| s.contains(&i));
                            let tick = ui
                                .checkbox(&mut on, "")
                                .on_hover_text("Untick a passage that does not belong: it stays out of the claim");
                            let _ = tick.clone().accessible_name(format!("Passage {} of suggestion {}", i + 1, k + 1));
                            if tick.changed() {
                                let set = unticked.entry(c.key.clone()).or_default();
                                if on {
                                    set.remove(&i);
                                } else {
                                    set.insert(i);
                                }
                            }
                            if ui.small_button("Show").on_hover_text("Show this passage in its article").clicked() {
                                reveal = Some((m.doc, m.range.clone()));
                            }
                            let state = if m.annotation.is_some() { "annotated" } else { "to tag" };
                            // Cut to the column (a long headline had widened the whole side
                            // view past the window at 900 px); whole on hover.
                            // By title and outlet: a download's passages all read "The New
                            // York Times" by outlet alone.
                            let name = format!("{} · {state}", d.label());
                            ui.add(egui::Label::new(egui::RichText::new(&name).small().strong()).truncate());
                        });
                        ui.add(egui::Label::new(truncate(d.text.slice(m.range.clone()), 300)).wrap());
                    };
                    for (i, m) in c.members.iter().enumerate().take(PASSAGES_SHOWN) {
                        passage(ui, i, m);
                    }
                    if c.members.len() > PASSAGES_SHOWN {
                        egui::CollapsingHeader::new(format!("{} more passages", c.members.len() - PASSAGES_SHOWN))
                            .id_salt(("more passages", &c.key))
                            .show(ui, |ui| {
                                for (i, m) in c.members.iter().enumerate().skip(PASSAGES_SHOWN) {
                                    passage(ui, i, m);
                                }
                            });
                    }
                });
            }
        });
        reveal
    }

    /// Brings links and suggestions up to date; false while links are being built.
    fn refresh(&mut self, ui: &Ui, shared: &Arc<Project>, semantic: &Semantic, runner: &Runner) -> bool {
        let project: &Project = shared;
        let generation = semantic.generation();
        // Links stand while the passages are the same (a dismissal or a relabel leaves them; an
        // annotation or text edit does not).
        if self.checked != Some(project.revision())
            && let Some((_, links)) = &self.links
            && !links.is_for(project)
        {
            self.links = None;
        }
        self.checked = Some(project.revision());
        // New vectors arrive a chunk at a time while meaning is being read: links are remade
        // when the pass is over, not after every chunk (each remaking compares every pair).
        let reading = semantic.progress().is_some();
        let wanted =
            |links: &Option<(u64, Arc<Links>)>| links.as_ref().is_none_or(|(g, _)| *g != generation && !reading);
        if wanted(&self.links) {
            let chars: usize = project.documents().iter().map(|d| d.text.as_str().len()).sum();
            if chars < BACKGROUND_BYTES {
                self.links = Some((generation, Arc::new(Links::build(project, Some(semantic.embeddings())))));
            } else {
                // One build at a time; what it brings is kept if the passages are still the same.
                if let Some((g, rx)) = &self.building {
                    match rx.try_recv() {
                        Ok(links) => {
                            if links.is_for(project) {
                                self.links = Some((*g, Arc::new(links)));
                            }
                            self.building = None;
                        }
                        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                            self.failed = Some((project.revision(), *g));
                            self.building = None;
                        }
                        Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    }
                }
                let failed_here = self.failed == Some((project.revision(), generation));
                if wanted(&self.links) && self.building.is_none() && !failed_here {
                    self.failed = None;
                    let (tx, rx) = std::sync::mpsc::channel();
                    let snapshot = Arc::clone(shared);
                    let embeddings = semantic.embeddings().clone();
                    let ctx = ui.ctx().clone();
                    runner.spawn(move || {
                        let _ = tx.send(Links::build(&snapshot, Some(&embeddings)));
                        ctx.request_repaint();
                    });
                    self.building = Some((generation, rx));
                }
            }
        }
        let Some((links_generation, links)) = &self.links else { return false };
        let key = (project.revision(), *links_generation);
        if self.shown.as_ref().is_none_or(|(r, g, _)| (*r, *g) != key) {
            self.shown = Some((key.0, key.1, suggest(project, links, SHOWN)));
        }
        true
    }
}
