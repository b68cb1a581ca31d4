//! Projects and files: open, save, new, quit with the unsaved-changes question, the file dialogs and what was chosen in them, imports and exports, agreement and adjudication.

use super::*;

impl Workbench {
    /// After another project took the session's place: an adjudication belonged to the one
    /// before; conflicts a merge left in this one are shown at once.
    pub(super) fn session_changed(&mut self) {
        self.team.adjudication = None;
        self.team.agreement = None;
        self.team.current = None;
        let n = self.project().conflicts().len();
        if n > 0 {
            self.team.open = true;
            self.compare.open = false;
            self.say(format!("{n} merge conflict(s) to settle: see the Team view."));
        }
    }

    /// Shows in the team view how far `left` and `right` agree (overall, per tag, per article).
    pub fn show_agreement(&mut self, left: &Project, right: &Project, names: (&str, &str)) {
        let result = crate::analysis::agreement::compare(left, right).map_err(|e| e.to_string());
        if let Err(e) = &result {
            self.status = Status::error(format!("Agreement: {e}"));
        }
        self.team.agreement = Some((names.0.to_owned(), names.1.to_owned(), result));
        self.team.open = true;
        self.compare.open = false;
    }

    /// Starts adjudicating `left` against `right`: the result (what both did alike) becomes the
    /// open project, unsaved, and the team view lists the differences. Refused while the open
    /// project has unsaved changes.
    pub fn start_adjudication(&mut self, left: &Project, right: &Project, names: (&str, &str)) -> Result<(), String> {
        if self.session.is_dirty() {
            return Err("Save this project first: adjudication opens its result in place of it.".into());
        }
        let name = format!("Adjudication of {} and {}", names.0, names.1);
        let adj = crate::analysis::adjudicate::adjudicate(left, right, &name).map_err(|e| e.to_string())?;
        self.session = Session::never_saved(adj.start.clone());
        self.selected = None;
        self.reader.reset();
        self.show_first_document();
        self.session_changed();
        let n = adj.differences.len();
        self.say(format!("{} alike, {n} difference(s) to decide. Save the result with Save as.", adj.agreed));
        self.team.current = (n > 0).then_some(0);
        if let Some(d) = adj.differences.first() {
            self.reader.show_doc(d.doc);
            self.reader.reveal(d.range());
        }
        self.team.adjudication = Some((adj, names.0.to_owned(), names.1.to_owned()));
        self.show_agreement(left, right, names);
        self.team.open = true;
        self.compare.open = false;
        Ok(())
    }

    pub(super) fn new_project(&mut self) {
        self.session = Session::untitled();
        self.session_changed();
        self.selected = None;
        self.reader.reset();
        self.say("New project. Import articles with File > Import articles… (Ctrl+I).");
    }

    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        self.quit_confirmed = true;
        ctx.send_viewport_cmd(ViewportCommand::Close);
    }

    /// Opens a project file, offering its autosave if that is newer. On failure the current
    /// project stays open and the error names the file and the place.
    pub fn open_path(&mut self, path: &Path) {
        match Session::open(path) {
            Ok((session, warnings)) => {
                self.session = session;
                self.selected = None;
                self.reader.reset();
                self.show_first_document();
                self.remember(path);
                self.say(format!("Opened {}", path.display()));
                self.session_changed();
                if !warnings.is_empty() {
                    let list: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                    self.dialog = Some(Dialog::Error {
                        title: "Opened with repairs".into(),
                        message: format!(
                            "{} annotation(s) did not match their text and were re-anchored or kept as orphans:\n{}\n{}",
                            warnings.len(),
                            list.join("\n"),
                            path.display()
                        ),
                    });
                }
                if recovery::newer_recovery(path).is_some() {
                    self.dialog = Some(Dialog::Recovery(path.to_owned()));
                }
            }
            Err(e) => self.fail("Could not open the project", &e.to_string()),
        }
    }

    pub(super) fn remember(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.settings.recent.retain(|r| r != &p);
        self.settings.recent.insert(0, p);
        self.settings.recent.truncate(RECENT);
    }

    /// Starts saving to `path` in the background; [`Self::saved`] hears how it went. With
    /// `overwrite`, a file another program changed is replaced anyway (the analyst said so).
    pub(super) fn save_to(&mut self, path: &Path, overwrite: bool) {
        if self.jobs.saving() {
            self.say("A save is already running; it will finish in a moment.");
            return;
        }
        let Some(ctx) = self.ctx.clone() else { return };
        match self.session.save_request(path, overwrite) {
            Ok(request) => {
                self.jobs.save(&ctx, request);
                self.say(format!("Saving {}…", path.display()));
            }
            Err(e) => {
                self.after_save = None;
                self.fail("Could not save", &e.to_string());
            }
        }
    }

    /// How a background save ended.
    pub(super) fn saved(&mut self, outcome: SaveOutcome) {
        match self.session.finish_save(outcome) {
            Ok(()) => {
                if let Some(path) = self.session.path().map(Path::to_owned) {
                    self.remember(&path);
                    self.say(format!("Saved {}", path.display()));
                }
                if let Some(after) = self.after_save.take() {
                    self.continue_with(after);
                }
            }
            Err(SaveOutcome::ChangedOnDisk { path }) => {
                self.dialog = Some(Dialog::ChangedOnDisk(path));
            }
            Err(other) => {
                self.after_save = None;
                self.fail("Could not save", &other.to_string());
            }
        }
    }

    pub(super) fn continue_with(&mut self, after: After) {
        match after {
            After::Quit => {
                self.quit_confirmed = true;
                self.intents.push(Intent::Run(Command::Quit));
            }
            After::New => self.new_project(),
            After::Open(p) => self.open_path(&p),
        }
    }

    pub(super) fn answer(&mut self, answer: Answer, ctx: &egui::Context) {
        match answer {
            Answer::Save(after) => match self.session.path().map(Path::to_owned) {
                Some(p) => {
                    self.after_save = Some(after);
                    self.save_to(&p, false);
                }
                None => {
                    self.after_save = Some(after);
                    self.pick(Purpose::SaveAs, ctx);
                }
            },
            Answer::Discard(after) => {
                // Nothing of the discarded project may be autosaved over the file afterwards, nor
                // offered back when it is opened next (a discard on quitting was, and the Tab and
                // Enter that followed restored it).
                if let Some(p) = self.session.path() {
                    recovery::discard_recovery(p);
                }
                match after {
                    After::Quit => self.quit(ctx),
                    after => self.continue_with(after),
                }
            }
            Answer::Restore(_) => match self.session.restore_recovery() {
                Ok(_) => {
                    self.selected = None;
                    self.show_first_document();
                    self.say("Restored the autosaved copy. Save to keep it.");
                }
                Err(e) => self.fail("Could not restore the autosave", &e.to_string()),
            },
            Answer::Overwrite(path) => self.save_to(&path, true),
            Answer::Replace(path) => {
                if let Some(r) = self.pending_export.take() {
                    self.start_export(r, path, true);
                }
            }
            Answer::SaveElsewhere => self.pick(Purpose::SaveAs, ctx),
            Answer::Confirmed => {
                if let Some((edit, label, focus)) = self.pending_edit.take() {
                    let _ = self.edit(edit, &label);
                    self.refocus = focus;
                }
            }
            Answer::Reload(path) => {
                // The analyst chose the file on disk over the changes made here.
                self.after_save = None;
                self.session = Session::untitled();
                self.open_path(&path);
            }
            Answer::AskDiscardRecovery(path) => self.dialog = Some(Dialog::DiscardRecovery(path)),
            Answer::AskRecovery(path) => self.dialog = Some(Dialog::Recovery(path)),
            Answer::DeclineRecovery(path) => {
                recovery::discard_recovery(&path);
                self.say("Opened the saved file; the autosave was discarded.");
            }
            Answer::Close => {
                if let Some((_, _, focus)) = self.pending_edit.take() {
                    self.refocus = focus;
                }
                if self.quit_confirmed {
                    return;
                }
                self.after_save = None;
                // "Replace the file?" declined: back to the export dialog as it was, to choose
                // another name (it had closed with its settings).
                if self.pending_export.take().is_some() {
                    self.export_dialog.open = true;
                }
            }
        }
    }

    /// Asks for files: the system dialog on a thread, or the built-in picker where there is none.
    pub(super) fn pick(&mut self, purpose: Purpose, ctx: &egui::Context) {
        let name = match purpose {
            Purpose::SaveAs => self
                .session
                .path()
                .and_then(Path::file_name)
                .map_or_else(|| format!("{}.ron", self.project().name()), |n| n.to_string_lossy().into_owned()),
            _ => String::new(),
        };
        self.pick_named(purpose, &name, ctx);
    }

    /// The folder file dialogs start in: the project's, else the working folder.
    pub(super) fn default_folder(&self) -> PathBuf {
        self.session
            .path()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Same as [`Self::pick`], suggesting the file name `name` when saving.
    pub(super) fn pick_named(&mut self, purpose: Purpose, name: &str, ctx: &egui::Context) {
        let last_import = match purpose {
            Purpose::Import | Purpose::ImportFolder => self
                .files
                .import_dir()
                .map(Path::to_owned)
                .or_else(|| self.settings.folders_of(self.session.path()).import),
            _ => None,
        };
        let dir = last_import.unwrap_or_else(|| self.default_folder());
        self.pick_in(purpose, &dir, name, ctx);
    }

    /// Same as [`Self::pick_named`], starting in `dir` (the default folder if `dir` is none).
    pub(super) fn pick_in(&mut self, purpose: Purpose, dir: &Path, name: &str, ctx: &egui::Context) {
        let dir = if dir.is_dir() { dir.to_owned() } else { self.default_folder() };
        self.files.ask(purpose, &dir, name, self.settings.builtin_picker, ctx);
    }

    /// Acts on what the analyst chose in a file dialog.
    pub(super) fn chosen(&mut self, chosen: Chosen, intents: &mut Vec<Intent>) {
        let (purpose, files, text) = match chosen {
            Chosen::Files { purpose, files, text } => (purpose, files, text),
            Chosen::Cancelled => {
                self.after_save = None;
                self.pending_export = None;
                self.adjudicate_left = None;
                return;
            }
            Chosen::NoSystemDialog => {
                self.say("The system file dialog is not available here; using the built-in file picker.");
                return;
            }
        };
        let first = files.first().cloned();
        // The folder an import came from, kept for this project across restarts (as the picker
        // keeps it for the run).
        if matches!(purpose, Purpose::Import | Purpose::ImportFolder)
            && let (Some(project), Some(dir)) =
                (self.session.path().map(Path::to_owned), first.as_deref().and_then(Path::parent))
            && dir.is_dir()
        {
            self.settings.remember_folder(&project, dir, false);
        }
        match (purpose, first) {
            (Purpose::SaveTable, Some(p)) => {
                let text = text.unwrap_or_default();
                match crate::store::write_file_atomic(&p, text.as_bytes()) {
                    Ok(()) => self.say(format!("Saved {}", p.display())),
                    Err(e) => self.fail("Could not save the table", &e.to_string()),
                }
            }
            (Purpose::Open, Some(p)) => intents.push(Intent::OpenPath(p)),
            (Purpose::SaveAs, Some(p)) => intents.push(Intent::SaveTo(p)),
            (Purpose::Import | Purpose::ImportFolder, Some(_)) => intents.push(Intent::ImportPaths(files)),
            (Purpose::Export(_), Some(p)) => self.export_dialog.set_destination(&p),
            (Purpose::AgreeWith, Some(p)) => intents.push(Intent::AgreeWith(p)),
            (Purpose::AdjudicateLeft, Some(p)) => {
                self.adjudicate_left = Some(p);
                intents.push(Intent::Run(Command::Adjudicate));
            }
            (Purpose::AdjudicateRight, Some(right)) => {
                if let Some(left) = self.adjudicate_left.take() {
                    intents.push(Intent::Adjudicate { left, right });
                }
            }
            (_, None) => self.after_save = None,
        }
    }

    /// Applies what an import job read, through the same plan as the command line: articles
    /// added and annotations merged as one undoable step, and a report naming each file.
    pub(super) fn imported(
        &mut self,
        files: Vec<(PathBuf, Result<import::ImportFile, import::ImportError>)>,
        cancelled: bool,
    ) {
        let plan = match import::plan::plan(self.project(), files, &import::plan::Given::default()) {
            Ok(plan) => plan,
            Err(e) => {
                self.fail("Could not import", &e.to_string());
                return;
            }
        };
        let added = plan.added();
        if !plan.edit.is_noop() {
            let n = plan.files.len() - plan.refused();
            if self.edit(plan.edit.clone(), &format!("Import {n} file(s)")).is_err() {
                return;
            }
            if let Some(d) = added.first().copied() {
                self.show_article(d);
            }
        }
        let mut message = Vec::new();
        if cancelled {
            message.push("The import was cancelled; the files read before that were imported.".to_owned());
        }
        message.push(format!("{} article(s) imported.", added.len()));
        message.extend(plan.files.iter().map(ToString::to_string));
        let refused = plan.refused();
        // One file's report is shown too when the file added no article (a duplicate skipped:
        // the status bar had said only "0 article(s) imported.", never why). A download's
        // count against its list was shown in the bulk preview before.
        let remarks = plan.files.iter().any(|f| match &f.outcome {
            import::plan::Outcome::Added { articles, .. } => articles.is_empty(),
            import::plan::Outcome::Duplicate { .. } => true,
            _ => false,
        });
        // A download whose count has something to say (articles left out by the analyst, fewer
        // read than it lists): the status bar showed only the first note, never that.
        let counted =
            plan.files.iter().any(|f| f.download.as_ref().is_some_and(import::plan::DownloadCount::remarkable));
        let remarks = remarks || counted;
        if refused > 0 || plan.files.len() > 1 || cancelled || remarks {
            self.dialog = Some(Dialog::Error { title: "Import".into(), message: message.join("\n") });
        }
        // The notes a file's import made (duplicates skipped, near-duplicates flagged), counted
        // in the status bar with the first, when no report is shown.
        let notes: Vec<&String> = plan
            .files
            .iter()
            .flat_map(|f| match &f.outcome {
                import::plan::Outcome::Added { notes, .. } => notes.iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        let summary = if refused > 0 {
            format!("{} article(s) imported; {refused} file(s) not imported.", added.len())
        } else if let Some(first) = notes.first() {
            format!("{} article(s) imported; {} note(s): {first}", added.len(), notes.len())
        } else {
            message.get(usize::from(cancelled)).cloned().unwrap_or_default()
        };
        self.status = if refused == 0 { Status::info(summary) } else { Status::error(summary) };
    }

    /// Starts an export to `path`; an existing file there is replaced only once the analyst
    /// confirms (`overwrite`), and the project file itself never.
    pub(super) fn start_export(&mut self, mut r: ExportRequest, path: PathBuf, overwrite: bool) {
        let Some(ctx) = self.ctx.clone() else { return };
        // Work that records no author is credited to whoever exports: the name set here.
        r.options.exporter = self.analyst();
        let mut target = crate::export::Target::new(path).protecting(self.session.path());
        target.overwrite = overwrite;
        match crate::export::check_target(r.format, &target) {
            Ok(()) => {}
            Err(crate::export::ExportError::Exists { path }) => {
                self.pending_export = Some(r);
                self.dialog = Some(Dialog::Replace(path));
                return;
            }
            Err(e) => {
                self.fail("Could not export", &e.to_string());
                return;
            }
        }
        let folder = target.path.parent().filter(|d| d.is_dir()).map(Path::to_owned);
        if !self.jobs.export(&ctx, Arc::clone(self.session.shared()), r.scope, r.format, r.options, target) {
            self.say("Another export or import is running; try again when it is done.");
        } else if let (Some(project), Some(folder)) = (self.session.path().map(Path::to_owned), folder) {
            self.settings.remember_folder(&project, &folder, true);
        }
    }
}
