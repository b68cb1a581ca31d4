//! The "Find in other articles" tab: the passages of the other articles that say the most similar
//! things to the selected annotation, by shared words and meaning, best per outlet by default;
//! each can be tagged and linked to the annotation's claim in one click. The sentence index it
//! ranks with is its own state, built at once for a small project and on the runner for a large
//! one.

use super::*;
use crate::ui::meaning::Semantic;
use crate::ui::runner::Runner;

/// State of the tab.
pub struct Similar {
    index: Option<Index>,
    /// An index being built in the background.
    indexing: Option<std::sync::mpsc::Receiver<Index>>,
    /// The project revision at which indexing stopped without a result (the thread panicked):
    /// said, and not tried again until the project changes.
    index_failed: Option<u64>,
    /// The ranking shown: for which annotation, project revision and generation of vectors.
    similar: Option<(AnnotationId, u64, u64, Vec<Ranked>)>,
    /// Lists each outlet's best passage only (on by default: one wire story's four close
    /// sentences would otherwise fill the list before any other outlet).
    pub best_per_outlet: bool,
    /// The annotation the list is for: the selected one, kept while nothing is selected or the
    /// selection is a passage this list showed. "Show" selects the passage it shows, and the
    /// list had turned into that passage's own (or, unannotated, into nothing), so the next
    /// passage of the list was lost.
    subject: Option<AnnotationId>,
    /// The passage "Show" last brought into the reader.
    shown: Option<(DocId, std::ops::Range<usize>)>,
    /// The result whose "Show" takes the keyboard next frame: its "+ link" or "Link it",
    /// pressed by keyboard, turns grey once done, and the keyboard had gone back to the menu
    /// bar (the next Tab reached "File").
    refocus: Option<usize>,
}

impl Default for Similar {
    fn default() -> Self {
        Similar {
            index: None,
            indexing: None,
            index_failed: None,
            similar: None,
            best_per_outlet: true,
            subject: None,
            shown: None,
            refocus: None,
        }
    }
}

impl Similar {
    /// Draws the tab; returns a passage to show in the reader.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        selected: Option<AnnotationId>,
        (semantic, runner, analyst): (&mut Semantic, &Runner, &str),
        intents: &mut Vec<Intent>,
    ) -> Option<(DocId, std::ops::Range<usize>)> {
        let project: &Project = shared;
        if let Some(now) = selected.and_then(|a| project.annotation(a))
            && self.shown.as_ref().is_none_or(|(doc, range)| (now.doc, now.range()) != (*doc, range.clone()))
        {
            self.subject = Some(now.id);
            self.shown = None;
        }
        let Some(a) = self.subject.and_then(|a| project.annotation(a)) else {
            ui.label("Select an annotation: the passages of the other articles that say the most similar things are listed here, best first.");
            return None;
        };
        if self.index.as_ref().is_none_or(|i| !i.is_current(project)) {
            // A small project is indexed at once; a large one on another thread (0.6 s for
            // 5 MB of text), while this tab says so.
            let chars: usize = project.documents().iter().map(|d| d.text.as_str().len()).sum();
            if chars < BACKGROUND_INDEX_BYTES {
                self.index = Some(Index::build(project));
            } else {
                let (ready, stopped) = match self.indexing.as_ref().map(std::sync::mpsc::Receiver::try_recv) {
                    Some(Ok(index)) => (Some(index), false),
                    Some(Err(std::sync::mpsc::TryRecvError::Disconnected)) => (None, true),
                    _ => (None, false),
                };
                if stopped {
                    self.indexing = None;
                    self.index_failed = Some(project.revision());
                }
                if self.index_failed == Some(project.revision()) {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "Could not index the sentences: the background work stopped. It is tried again after the next change.",
                    );
                    return None;
                }
                match ready {
                    Some(index) if index.is_current(project) => {
                        self.index = Some(index);
                        self.indexing = None;
                    }
                    _ => {
                        if ready.is_some() || self.indexing.is_none() {
                            let (tx, rx) = std::sync::mpsc::channel();
                            let snapshot = Arc::clone(shared);
                            let ctx = ui.ctx().clone();
                            runner.spawn(move || {
                                let _ = tx.send(Index::build(&snapshot));
                                ctx.request_repaint();
                            });
                            self.indexing = Some(rx);
                        }
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Indexing the sentences of {} articles…", project.documents().len()));
                        });
                        return None;
                    }
                }
            }
        }
        let generation = semantic.generation();
        if self
            .similar
            .as_ref()
            .is_none_or(|(id, rev, g, _)| *id != a.id || *rev != project.revision() || *g != generation)
            && let Some(index) = &self.index
        {
            let query = Query::for_annotation(project, a, Some(semantic.embeddings()));
            let semantic = semantic.index_for(project, index);
            // Ranked deeper than shown, so that "best per outlet" still has ten outlets to show.
            let ranked = rank(project, index, semantic, &query, Mode::Hybrid, WEIGHT, 60);
            self.similar = Some((a.id, project.revision(), generation, ranked));
        }
        let Some((_, _, _, ranked)) = &self.similar else { return None };
        // The outlet a passage speaks for: its article's outlet, else the article itself.
        let outlet = |d: DocId| {
            project.document(d).map_or_else(String::new, |d| {
                if d.source.trim().is_empty() { format!("article {}", d.id) } else { d.source.trim().to_lowercase() }
            })
        };
        let mut seen = BTreeSet::new();
        let results: Vec<_> =
            ranked.iter().filter(|s| !self.best_per_outlet || seen.insert(outlet(s.doc))).take(10).collect();
        let claim = a.claim.and_then(|c| project.claim(c));
        ui.label(egui::RichText::new(format!("Like {}", crate::ui::widgets::quoted(&short(&a.quote.exact)))).strong());
        let by_meaning = results.iter().any(|r| r.why.meaning.is_some());
        let how = match semantic.activity() {
            Some(activity) if !by_meaning => format!("Ranked by shared words for now. {activity}"),
            _ if by_meaning => "Ranked by shared words and meaning.".to_owned(),
            _ => "Ranked by shared words.".to_owned(),
        };
        ui.label(egui::RichText::new(how).small().weak());
        ui.checkbox(&mut self.best_per_outlet, "Best per outlet")
            .on_hover_text("List only each outlet's closest passage (untick to see all, best first)");
        ui.label(
            egui::RichText::new(match claim {
                Some(c) => format!("Tagging a passage here links it to the claim “{}”.", short(&c.label)),
                None => "Tagging a passage here makes a claim of this annotation and links both to it.".to_owned(),
            })
            .weak(),
        );
        if results.is_empty() {
            ui.label("No passage of the other articles shares words or meaning with it.");
            return None;
        }
        let best = results.first().map_or(1.0, |s| s.score.max(f32::EPSILON));
        let mut reveal = None;
        egui::ScrollArea::vertical().id_salt("similar").auto_shrink([false, false]).show(ui, |ui| {
            for (k, s) in results.iter().enumerate() {
                let Some(doc) = project.document(s.doc) else { continue };
                let linked: Vec<&crate::model::Annotation> =
                    project.overlapping(s.doc, s.range.clone()).filter_map(|e| project.annotation(e.id)).collect();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.add(
                        egui::Label::new(egui::RichText::new(format!("{}. {}", k + 1, doc.label())).strong()).wrap(),
                    );
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new("similarity").small().weak());
                        let (bar, _) = ui.allocate_exact_size(vec2(80.0, 6.0), Sense::hover());
                        ui.painter().rect_filled(bar, 2.0, ui.visuals().faint_bg_color);
                        ui.painter().rect_filled(
                            Rect::from_min_size(bar.min, vec2(bar.width() * s.score / best, bar.height())),
                            2.0,
                            ui.visuals().selection.bg_fill,
                        );
                        // Cut at the frame's edge (a long shared run would widen it); whole on hover.
                        ui.add(egui::Label::new(egui::RichText::new(s.why.summary()).small().weak()).truncate())
                            .on_hover_text(format!(
                                "{}\nScore {:.2}: word score {:.1}{}",
                                s.why.summary(),
                                s.score,
                                s.why.lexical,
                                s.why.meaning.map(|m| format!(", similarity of meaning {m:.2}")).unwrap_or_default()
                            ));
                    });
                    ui.add(egui::Label::new(doc.text.slice(s.range.clone())).wrap());
                    // Linked already: the buttons would only make a copy (a second click made one).
                    let done = linked.iter().any(|x| x.claim.is_some() && x.claim == a.claim);
                    if done {
                        ui.label(egui::RichText::new("already linked to this claim").small().weak());
                    }
                    // An annotation already over most of the passage is offered to link as it
                    // is: a tag here would lay a second annotation over it (the walk made one).
                    let half = (s.range.end - s.range.start).div_ceil(2);
                    let over = linked.iter().find(|x| {
                        x.start.max(s.range.start) + half <= x.end.min(s.range.end)
                            && x.claim.is_none_or(|c| a.claim != Some(c))
                    });
                    if !done && let Some(x) = over {
                        ui.horizontal_wrapped(|ui| {
                            let tag = project.tag(x.tag).map_or("?", |t| t.name.as_str());
                            ui.label(
                                egui::RichText::new(format!(
                                    "Annotated here already: {tag} {}",
                                    crate::ui::widgets::quoted(&short(&x.quote.exact))
                                ))
                                .small(),
                            );
                            // Linked to another claim: said on the card, and moving it asks
                            // first (a click had taken it out of its claim, unsaid).
                            let elsewhere = x.claim.and_then(|c| project.claim(c));
                            if let Some(c) = elsewhere {
                                ui.label(
                                    egui::RichText::new(format!("in the claim “{}”", short(&c.label))).small().strong(),
                                );
                            }
                            let (text, hint) = match elsewhere {
                                Some(c) => (
                                    "Move it to this claim",
                                    format!("Link that annotation to this claim instead of its claim “{}”", short(&c.label)),
                                ),
                                None => ("Link it", "Link that annotation to this claim".to_owned()),
                            };
                            let link = ui.small_button(text).on_hover_text(hint);
                            if link.clicked() && link.has_focus() {
                                self.refocus = Some(k);
                            }
                            if link.clicked() {
                                let label = format!("Link {tag} “{}”", short(&x.quote.exact));
                                match (project.link_found(a.id, x.id), elsewhere) {
                                    (Ok(edit), Some(c)) => {
                                        let left = project.claim_links(c.id).count().saturating_sub(1);
                                        // The claim it goes to, named ("into this one" named none).
                                        let into = match a.claim.and_then(|t| project.claim(t)) {
                                            Some(t) => format!("into the claim “{}”", short(&t.label)),
                                            None => "into a new claim with the passage it was found for".to_owned(),
                                        };
                                        intents.push(Intent::Confirm {
                                            heading: "Move?".into(),
                                            question: format!(
                                                "Move {tag} “{}” out of the claim “{}” (it keeps {left} passage(s)) {into}?",
                                                short(&x.quote.exact),
                                                short(&c.label)
                                            ),
                                            yes: "Move it".into(),
                                            edit,
                                            label,
                                        });
                                    }
                                    (Ok(edit), None) => intents.push(Intent::Edit { edit, label }),
                                    (Err(e), _) => intents.push(Intent::Say(format!("Link: {e}"))),
                                }
                            }
                        });
                    }
                    ui.horizontal_wrapped(|ui| {
                        let show = ui.small_button("Show");
                        if self.refocus == Some(k) {
                            self.refocus = None;
                            show.request_focus();
                        }
                        if show.clicked() {
                            reveal = Some((s.doc, s.range.clone()));
                            self.shown = Some((s.doc, s.range.clone()));
                        }
                        // The tag bar's tags (a codebook of thousands made a button of each, for
                        // every passage).
                        for tag in project.tags().iter().take(crate::ui::tag_bar::BUTTONS) {
                            let label = format!("{} + link", tag.name);
                            let button = ui
                                .add_enabled(!done, egui::Button::new(label).small())
                                .on_hover_text(format!(
                                    "Tag this passage as {} and link it to the claim, with the speaker the text attributes it to (if any)",
                                    tag.name
                                ))
                                .on_disabled_hover_text("This passage is linked to the claim already");
                            if button.clicked() && button.has_focus() {
                                self.refocus = Some(k);
                            }
                            if button.clicked() {
                                // The speaker the passage reports, as the built-in attribution
                                // reads it (it had come in with none).
                                let made = crate::model::NewAnnotation {
                                    created: crate::clock::now_rfc3339(),
                                    created_by: analyst.to_owned(),
                                    speaker: crate::analysis::tags::speaker_of(project, s.doc, s.range.clone())
                                        .unwrap_or_default(),
                                    ..Default::default()
                                };
                                // The speaker set is said in the undo label and the status line
                                // (it had been set unseen).
                                let who = if made.speaker.is_empty() {
                                    String::new()
                                } else {
                                    format!(", speaker “{}”", made.speaker)
                                };
                                match project.tag_and_link(a.id, s.doc, s.range.clone(), tag.id, &made) {
                                    Ok((_, edit)) => intents
                                        .push(Intent::Edit { edit, label: format!("Tag as {} and link{who}", tag.name) }),
                                    Err(e) => intents.push(Intent::Say(format!("Tag as {}: {e}", tag.name))),
                                }
                            }
                        }
                    });
                });
            }
        });
        reveal
    }
}
