//! One catalogue of commands: names, shortcuts and menu entries all come from here, as do the
//! keyboard handling and the shortcuts help screen.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::intent::Intent;
use crate::model::TagId;

/// Something the analyst can ask for from a menu or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    Import,
    ImportFolder,
    PasteArticle,
    ArticleDetails,
    Export,
    Quit,
    Undo,
    Redo,
    DeleteAnnotation,
    DeleteParagraph,
    EditTags,
    ToggleCompare,
    ToggleTeam,
    AgreeWith,
    Adjudicate,
    FindSimilar,
    Find,
    NextAnnotation,
    PreviousAnnotation,
    ToggleTagSuggestions,
    NextSuggestion,
    PreviousSuggestion,
    AcceptSuggestion,
    GoArticles,
    GoText,
    GoNote,
    GoSpeaker,
    GoClaim,
    GoTagByName,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleSnap,
    ToggleBuiltinPicker,
    Shortcuts,
    About,
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Command {
    /// Every command, in help-screen order.
    pub const ALL: [Command; 41] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::Import,
        Command::ImportFolder,
        Command::PasteArticle,
        Command::ArticleDetails,
        Command::Export,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::DeleteAnnotation,
        Command::DeleteParagraph,
        Command::EditTags,
        Command::ToggleCompare,
        Command::ToggleTeam,
        Command::AgreeWith,
        Command::Adjudicate,
        Command::FindSimilar,
        Command::Find,
        Command::NextAnnotation,
        Command::PreviousAnnotation,
        Command::ToggleTagSuggestions,
        Command::NextSuggestion,
        Command::PreviousSuggestion,
        Command::AcceptSuggestion,
        Command::GoArticles,
        Command::GoText,
        Command::GoNote,
        Command::GoSpeaker,
        Command::GoClaim,
        Command::GoTagByName,
        Command::ToggleTheme,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::ToggleSnap,
        Command::ToggleBuiltinPicker,
        Command::Shortcuts,
        Command::About,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New project",
            Command::Open => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::Import => "Import articles or annotations…",
            Command::ImportFolder => "Import a folder (articles or brat)…",
            Command::PasteArticle => "New article from text…",
            Command::ArticleDetails => "Article details…",
            Command::Export => "Export…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::DeleteAnnotation => "Delete annotation",
            Command::DeleteParagraph => "Delete the paragraph at the caret",
            Command::EditTags => "Tags…",
            Command::ToggleCompare => "Compare side view",
            Command::ToggleTeam => "Team view: merge conflicts and adjudication",
            Command::AgreeWith => "Agreement with another analyst's project…",
            Command::Adjudicate => "Adjudicate two analysts…",
            Command::FindSimilar => "Find in other articles",
            Command::Find => "Find in article",
            Command::NextAnnotation => "Next annotation",
            Command::PreviousAnnotation => "Previous annotation",
            Command::ToggleTagSuggestions => "Show suggested tags",
            Command::NextSuggestion => "Next suggested tag",
            Command::PreviousSuggestion => "Previous suggested tag",
            Command::AcceptSuggestion => "Accept the suggested tag (Delete rejects it)",
            Command::GoArticles => "Go to the article list",
            Command::GoText => "Go to the article text",
            Command::GoNote => "Go to the note",
            Command::GoSpeaker => "Go to the speaker",
            Command::GoClaim => "Go to the claim",
            Command::GoTagByName => "Tag by name (a codebook of many tags)",
            Command::ToggleTheme => "Dark theme",
            Command::ZoomIn => "Larger text",
            Command::ZoomOut => "Smaller text",
            Command::ZoomReset => "Default text size",
            Command::ToggleSnap => "Snap selection to words",
            Command::ToggleBuiltinPicker => "Use the built-in file picker",
            Command::Shortcuts => "Keyboard shortcuts",
            Command::About => "About claimscope",
        }
    }

    /// The main shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Command::New => cmd(Key::N),
            Command::Open => cmd(Key::O),
            Command::Save => cmd(Key::S),
            Command::SaveAs => cmd_shift(Key::S),
            Command::Import => cmd(Key::I),
            Command::PasteArticle => cmd_shift(Key::V),
            Command::ArticleDetails => plain(Key::F2),
            Command::Export => cmd(Key::E),
            Command::Quit => cmd(Key::Q),
            Command::Undo => cmd(Key::Z),
            Command::Redo => cmd_shift(Key::Z),
            Command::DeleteAnnotation => plain(Key::Delete),
            Command::DeleteParagraph => cmd_shift(Key::Delete),
            Command::EditTags => cmd(Key::T),
            Command::ToggleCompare => cmd(Key::K),
            Command::ToggleTeam => cmd_shift(Key::T),
            Command::FindSimilar => cmd_shift(Key::F),
            Command::Find => cmd(Key::F),
            Command::NextAnnotation => plain(Key::N),
            Command::PreviousAnnotation => plain(Key::P),
            Command::ToggleTagSuggestions => cmd(Key::G),
            Command::NextSuggestion => plain(Key::CloseBracket),
            Command::PreviousSuggestion => plain(Key::OpenBracket),
            Command::AcceptSuggestion => plain(Key::Enter),
            Command::GoArticles => alt(Key::A),
            Command::GoText => alt(Key::T),
            Command::GoNote => alt(Key::N),
            Command::GoSpeaker => alt(Key::S),
            Command::GoClaim => alt(Key::C),
            Command::GoTagByName => alt(Key::G),
            Command::ZoomIn => cmd(Key::Plus),
            Command::ZoomOut => cmd(Key::Minus),
            Command::ZoomReset => cmd(Key::Num0),
            Command::Shortcuts => plain(Key::F1),
            Command::ToggleTheme
            | Command::ToggleSnap
            | Command::ToggleBuiltinPicker
            | Command::About
            | Command::Adjudicate
            | Command::AgreeWith
            | Command::ImportFolder => return None,
        })
    }

    /// Other shortcuts that do the same.
    pub fn alternatives(self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [cmd(Key::Y)];
        const DELETE: [KeyboardShortcut; 1] = [plain(Key::Backspace)];
        const ZOOM_IN: [KeyboardShortcut; 1] = [cmd(Key::Equals)];
        // Brackets need AltGr on many keyboards: Alt+arrows walk too.
        const NEXT: [KeyboardShortcut; 1] = [alt(Key::ArrowDown)];
        const PREVIOUS: [KeyboardShortcut; 1] = [alt(Key::ArrowUp)];
        match self {
            Command::NextSuggestion => &NEXT,
            Command::PreviousSuggestion => &PREVIOUS,
            Command::Redo => &REDO,
            Command::DeleteAnnotation => &DELETE,
            Command::ZoomIn => &ZOOM_IN,
            _ => &[],
        }
    }

    /// True for shortcuts without Ctrl/Cmd, which must not fire while a text field has focus.
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(|s| s.modifiers.is_none())
    }
}

/// What a key does while the article text has the keyboard. The reader acts on these, and the
/// help screen lists them, from this one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReaderKey {
    /// Move the caret one char (`true`: to the right); with Shift, extend the selection.
    Char(bool),
    /// One word, with Ctrl (or Alt).
    Word(bool),
    /// One row down (`true`) or up.
    Row(bool),
    /// To the start or end (`true`) of the paragraph.
    Paragraph(bool),
    /// To the start or end (`true`) of the article, with Ctrl.
    Article(bool),
    /// Move the end of the selected annotation (Shift+arrow when no text is selected).
    AnnotationEnd(bool),
    /// Move its start (Alt+Shift+arrow).
    AnnotationStart(bool),
    SelectAll,
    Copy,
    /// Clear the text selection, else the annotation selection.
    Clear,
}

impl ReaderKey {
    /// Every reader key, in help-screen order, with what it does and its keys.
    pub const HELP: [(ReaderKey, &'static str, &'static str); 10] = [
        (ReaderKey::Char(true), "Move the caret; with Shift, select", "arrows, Shift+arrows"),
        (ReaderKey::Word(true), "By word", "Ctrl+Left / Ctrl+Right (Alt on macOS), with Shift to select"),
        (ReaderKey::Row(true), "By row", "Up / Down"),
        (ReaderKey::Paragraph(true), "To the start or end of the paragraph", "Home / End"),
        (ReaderKey::Article(true), "To the start or end of the article", "Ctrl+Home / Ctrl+End"),
        (
            ReaderKey::AnnotationEnd(true),
            "Move the end of the selected annotation (by word with Snap to words on)",
            "Shift+Left / Shift+Right",
        ),
        (
            ReaderKey::AnnotationStart(true),
            "Move the start of the selected annotation (by word with Snap to words on)",
            "Alt+Shift+Left / Alt+Shift+Right",
        ),
        (ReaderKey::SelectAll, "Select the whole article", "Ctrl+A"),
        (ReaderKey::Copy, "Copy the selection or the annotation's quote", "Ctrl+C"),
        (ReaderKey::Clear, "Clear the selection", "Esc"),
    ];

    /// The reader key for `key` with `m`, and whether Shift extends the selection.
    /// `edges` says an annotation is selected and no text is, so Shift+arrows move its edges.
    pub fn of(key: Key, m: Modifiers, edges: bool) -> Option<(ReaderKey, bool)> {
        let word = m.command || m.alt;
        let k = match key {
            Key::ArrowLeft | Key::ArrowRight if edges && m.shift && !m.command => {
                let right = key == Key::ArrowRight;
                return Some((
                    if m.alt { ReaderKey::AnnotationStart(right) } else { ReaderKey::AnnotationEnd(right) },
                    false,
                ));
            }
            Key::ArrowLeft | Key::ArrowRight if word => ReaderKey::Word(key == Key::ArrowRight),
            Key::ArrowLeft | Key::ArrowRight => ReaderKey::Char(key == Key::ArrowRight),
            Key::ArrowUp | Key::ArrowDown => ReaderKey::Row(key == Key::ArrowDown),
            Key::Home | Key::End if m.command => ReaderKey::Article(key == Key::End),
            Key::Home | Key::End => ReaderKey::Paragraph(key == Key::End),
            Key::A if m.command => ReaderKey::SelectAll,
            Key::C if m.command => ReaderKey::Copy,
            Key::Escape => ReaderKey::Clear,
            _ => return None,
        };
        Some((k, m.shift))
    }
}

/// The commands and tag keys pressed this frame, consumed from the input. In a text field,
/// plain keys type and Ctrl+Z undoes the typing, so only chords with Ctrl/Cmd (other than undo
/// and redo) act there. `tags` are the tags with keys. Enter accepts a suggested tag only while
/// one is current (`suggesting`): otherwise it stays with the widget that has the keyboard.
/// Delete stays with the article list while it has the keyboard (`in_list`): there it deletes
/// the open article.
pub fn pressed(ctx: &egui::Context, tags: &[(TagId, char)], suggesting: bool, in_list: bool) -> Vec<Intent> {
    let typing = ctx.text_edit_focused();
    let mut out = Vec::new();
    // Longer chords first: egui matches Ctrl+Z inside Ctrl+Shift+Z.
    let mut all: Vec<(Command, KeyboardShortcut)> = Command::ALL
        .iter()
        .flat_map(|c| c.shortcut().into_iter().chain(c.alternatives().iter().copied()).map(move |s| (*c, s)))
        .collect();
    all.sort_by_key(|(_, s)| std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt)));
    for (c, s) in all {
        if typing && (s.modifiers.is_none() || matches!(c, Command::Undo | Command::Redo)) {
            continue;
        }
        if c == Command::AcceptSuggestion && !suggesting {
            continue;
        }
        if c == Command::DeleteAnnotation && in_list {
            continue;
        }
        // Ctrl+Shift+Delete in a field is the field's (delete to the word's end), not a cut of
        // the article.
        if c == Command::DeleteParagraph && typing {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&s)) {
            if s.modifiers.alt && !s.modifiers.command {
                // Some platforms also send Alt+letter as the letter typed: it must not land in the
                // field the jump leaves.
                let letter = s.logical_key.name().to_lowercase();
                ctx.input_mut(|i| {
                    i.events.retain(|e| !matches!(e, egui::Event::Text(t) if t.to_lowercase() == letter));
                });
            }
            out.push(Intent::Run(c));
        }
    }
    if typing {
        return out;
    }
    for (id, c) in tags {
        if let Some(key) = key_of(*c)
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key))
        {
            out.push(Intent::TagKey(*id));
        }
    }
    out
}

/// A shortcut as the menus and F1 show it: egui names the bracket keys "OpenBracket" and
/// "CloseBracket"; the analyst sees [ and ] on the key caps.
pub fn shortcut_text(ctx: &egui::Context, s: &KeyboardShortcut) -> String {
    ctx.format_shortcut(s).replace("OpenBracket", "[").replace("CloseBracket", "]")
}

/// The key that applies a tag with key char `c`.
fn key_of(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = HashSet::new();
        for c in Command::ALL {
            for s in c.shortcut().iter().chain(c.alternatives()) {
                assert!(seen.insert((s.modifiers.command, s.modifiers.shift, s.modifiers.alt, s.logical_key)), "{c:?}");
            }
        }
    }

    #[test]
    fn reader_keys_come_from_the_catalogue() {
        let none = Modifiers::NONE;
        let shift = Modifiers::SHIFT;
        assert_eq!(ReaderKey::of(Key::ArrowLeft, none, false), Some((ReaderKey::Char(false), false)));
        assert_eq!(ReaderKey::of(Key::ArrowRight, shift, false), Some((ReaderKey::Char(true), true)));
        // With an annotation selected and no text, Shift+arrows move its edges, Alt its start.
        assert_eq!(ReaderKey::of(Key::ArrowRight, shift, true), Some((ReaderKey::AnnotationEnd(true), false)));
        assert_eq!(
            ReaderKey::of(Key::ArrowLeft, shift.plus(Modifiers::ALT), true),
            Some((ReaderKey::AnnotationStart(false), false))
        );
        // Ctrl+Shift+arrows select by word even then.
        assert_eq!(
            ReaderKey::of(Key::ArrowRight, shift.plus(Modifiers::COMMAND), true),
            Some((ReaderKey::Word(true), true))
        );
        assert_eq!(ReaderKey::of(Key::End, Modifiers::COMMAND, false), Some((ReaderKey::Article(true), false)));
        assert_eq!(ReaderKey::of(Key::End, none, false), Some((ReaderKey::Paragraph(true), false)));
        assert_eq!(ReaderKey::of(Key::A, Modifiers::COMMAND, false), Some((ReaderKey::SelectAll, false)));
        assert_eq!(ReaderKey::of(Key::Q, none, false), None);
        // Every kind of reader key has a line on the help screen (the match stops compiling
        // when a kind is added, until it is counted here).
        let kind = |k: ReaderKey| match k {
            ReaderKey::Char(_) => 0,
            ReaderKey::Word(_) => 1,
            ReaderKey::Row(_) => 2,
            ReaderKey::Paragraph(_) => 3,
            ReaderKey::Article(_) => 4,
            ReaderKey::AnnotationEnd(_) => 5,
            ReaderKey::AnnotationStart(_) => 6,
            ReaderKey::SelectAll => 7,
            ReaderKey::Copy => 8,
            ReaderKey::Clear => 9,
        };
        let kinds: HashSet<_> = ReaderKey::HELP.iter().map(|(k, _, _)| kind(*k)).collect();
        assert_eq!(kinds, (0..10).collect(), "a reader key without a help line");
    }

    #[test]
    fn the_catalogue_lists_every_command_once() {
        let set: HashSet<_> = Command::ALL.iter().collect();
        assert_eq!(set.len(), Command::ALL.len());
    }

    #[test]
    fn plain_key_shortcuts_are_the_keys_no_tag_may_use() {
        let mut plain: Vec<char> = Command::ALL
            .iter()
            .flat_map(|c| c.shortcut().into_iter().chain(c.alternatives().iter().copied()))
            .filter(|s| s.modifiers.is_none())
            .map(|s| s.logical_key.symbol_or_name())
            .filter(|name| name.chars().count() == 1)
            .filter_map(|name| name.chars().next())
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        plain.sort_unstable();
        plain.dedup();
        assert_eq!(plain, crate::model::RESERVED_KEYS.to_vec());
    }
}
