//! Colours of the reader: tag highlights that stay readable in both themes.
//!
//! A highlight is the tag colour laid over the page at a low opacity, with a solid underline in
//! the tag colour below the text. The opacities are chosen so that body text keeps WCAG AA
//! contrast (4.5:1) over up to three overlapping highlights; a test checks it for every default
//! colour in both themes.

use eframe::egui::Color32;

use crate::model::Colour;

/// Page and text colours of the reader.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Page {
    pub background: [u8; 3],
    pub text: [u8; 3],
    /// Opacity of one highlight layer.
    pub alpha: f32,
}

pub const LIGHT: Page = Page { background: [252, 252, 250], text: [22, 22, 22], alpha: 0.22 };
pub const DARK: Page = Page { background: [30, 31, 34], text: [236, 236, 232], alpha: 0.26 };

/// The page of a theme.
pub fn page(dark: bool) -> Page {
    if dark { DARK } else { LIGHT }
}

/// One highlight layer of `colour`, as egui draws it (alpha over whatever is below).
pub fn highlight(colour: Colour, page: Page) -> Color32 {
    let [r, g, b] = colour.0;
    Color32::from_rgba_unmultiplied(r, g, b, (page.alpha * 255.0).round() as u8)
}

/// Sizes of the workbench's text at scale 1: small text (dates, who changed what) stays legible,
/// at 11.5 px rather than egui's 9.
const TEXT_SIZES: [(eframe::egui::TextStyle, f32); 5] = [
    (eframe::egui::TextStyle::Small, 11.5),
    (eframe::egui::TextStyle::Body, 14.0),
    (eframe::egui::TextStyle::Button, 14.0),
    (eframe::egui::TextStyle::Monospace, 13.0),
    (eframe::egui::TextStyle::Heading, 19.0),
];

/// Scales every text of the workbench by `scale` (the reader's text size over its default), so
/// that Ctrl+plus enlarges the panels' text with the article's. Limited to 0.75–1.6: past that the
/// panels would crowd out the reader.
pub fn scale_text(ctx: &eframe::egui::Context, scale: f32) {
    let scale = scale.clamp(0.75, 1.6);
    ctx.all_styles_mut(|style| {
        for (text_style, size) in TEXT_SIZES {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = (size * scale).round();
            }
        }
    });
}

/// The solid colour of a tag, for underlines, chips and swatches.
pub fn solid(colour: Colour) -> Color32 {
    let [r, g, b] = colour.0;
    Color32::from_rgb(r, g, b)
}

/// `over` laid on `under` at opacity `alpha`.
pub fn blend(under: [u8; 3], over: [u8; 3], alpha: f32) -> [u8; 3] {
    let mix = |u: u8, o: u8| (f32::from(u) * (1.0 - alpha) + f32::from(o) * alpha).round() as u8;
    [mix(under[0], over[0]), mix(under[1], over[1]), mix(under[2], over[2])]
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    Colour(a).contrast(Colour(b))
}

/// Text colour (black or white) that reads best on a solid `background`.
pub fn text_on(background: Colour) -> Color32 {
    if background.prefers_dark_text() { Color32::BLACK } else { Color32::WHITE }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PALETTE;

    #[test]
    fn body_text_keeps_aa_contrast_over_stacked_highlights() {
        for page in [LIGHT, DARK] {
            for (i, a) in PALETTE.iter().enumerate().take(4) {
                for b in PALETTE.iter().take(4).skip(i) {
                    for c in PALETTE.iter().take(4) {
                        let one = blend(page.background, a.0, page.alpha);
                        let two = blend(one, b.0, page.alpha);
                        let three = blend(two, c.0, page.alpha);
                        for bg in [one, two, three] {
                            let ratio = contrast(page.text, bg);
                            assert!(ratio >= 4.5, "{page:?} over {a} {b} {c}: {ratio:.2}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn underlines_are_visible_on_both_pages() {
        // Non-text contrast (WCAG 1.4.11) asks 3:1 for graphics; the underline is an extra cue
        // beside the fill, so 2:1 is the floor checked here for the four default colours.
        for page in [LIGHT, DARK] {
            for c in PALETTE.iter().take(4) {
                assert!(contrast(page.background, c.0) >= 2.0, "{c} on {page:?}");
            }
        }
    }
}
