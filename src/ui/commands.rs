//! One catalogue of commands: names, shortcuts and menu entries all come from here, as do the
//! keyboard handling and the shortcuts help screen.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

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
    Export,
    Quit,
    Undo,
    Redo,
    DeleteAnnotation,
    EditTags,
    ToggleCompare,
    FindSimilar,
    Find,
    NextAnnotation,
    PreviousAnnotation,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleSnap,
    Shortcuts,
    About,
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Command {
    /// Every command, in help-screen order.
    pub const ALL: [Command; 25] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::Import,
        Command::ImportFolder,
        Command::PasteArticle,
        Command::Export,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::DeleteAnnotation,
        Command::EditTags,
        Command::ToggleCompare,
        Command::FindSimilar,
        Command::Find,
        Command::NextAnnotation,
        Command::PreviousAnnotation,
        Command::ToggleTheme,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::ToggleSnap,
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
            Command::ImportFolder => "Import brat folder…",
            Command::PasteArticle => "New article from text…",
            Command::Export => "Export…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::DeleteAnnotation => "Delete annotation",
            Command::EditTags => "Tags…",
            Command::ToggleCompare => "Compare side view",
            Command::FindSimilar => "Find in other articles",
            Command::Find => "Find in article",
            Command::NextAnnotation => "Next annotation",
            Command::PreviousAnnotation => "Previous annotation",
            Command::ToggleTheme => "Dark theme",
            Command::ZoomIn => "Larger text",
            Command::ZoomOut => "Smaller text",
            Command::ZoomReset => "Default text size",
            Command::ToggleSnap => "Snap selection to words",
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
            Command::Export => cmd(Key::E),
            Command::Quit => cmd(Key::Q),
            Command::Undo => cmd(Key::Z),
            Command::Redo => cmd_shift(Key::Z),
            Command::DeleteAnnotation => plain(Key::Delete),
            Command::EditTags => cmd(Key::T),
            Command::ToggleCompare => cmd(Key::K),
            Command::FindSimilar => cmd_shift(Key::F),
            Command::Find => cmd(Key::F),
            Command::NextAnnotation => plain(Key::N),
            Command::PreviousAnnotation => plain(Key::P),
            Command::ZoomIn => cmd(Key::Plus),
            Command::ZoomOut => cmd(Key::Minus),
            Command::ZoomReset => cmd(Key::Num0),
            Command::Shortcuts => plain(Key::F1),
            Command::ToggleTheme | Command::ToggleSnap | Command::About | Command::ImportFolder => return None,
        })
    }

    /// Other shortcuts that do the same.
    pub fn alternatives(self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [cmd(Key::Y)];
        const DELETE: [KeyboardShortcut; 1] = [plain(Key::Backspace)];
        const ZOOM_IN: [KeyboardShortcut; 1] = [cmd(Key::Equals)];
        match self {
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
