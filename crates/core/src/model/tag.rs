//! The tag set: what kind of statement a span is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::TagId;

/// An sRGB colour, written `#RRGGBB` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Relative luminance (WCAG 2), 0 for black to 1 for white.
    pub fn luminance(self) -> f32 {
        fn lin(c: u8) -> f32 {
            let c = f32::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        }
        let [r, g, b] = self.0;
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG 2 contrast ratio with another colour, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// True when black text reads better on this colour than white text.
    pub fn prefers_dark_text(self) -> bool {
        self.contrast(Colour([0, 0, 0])) >= self.contrast(Colour([255, 255, 255]))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02X}{g:02X}{b:02X}")
    }
}

/// The text was not a `#RRGGBB` colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a colour of the form #RRGGBB")]
pub struct ParseColourError(pub String);

impl FromStr for Colour {
    type Err = ParseColourError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseColourError(s.to_owned());
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Colour([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A tag the analyst can put on a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagDef {
    pub id: TagId,
    pub name: String,
    pub colour: Colour,
    /// The key that applies this tag to the selection in the reader.
    #[serde(default)]
    pub key: Option<char>,
    #[serde(default)]
    pub description: String,
}

/// The parts of a [`TagDef`] an edit can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFields {
    pub name: String,
    pub colour: Colour,
    pub key: Option<char>,
    pub description: String,
}

impl TagDef {
    /// The editable fields, for building an update.
    pub fn fields(&self) -> TagFields {
        TagFields { name: self.name.clone(), colour: self.colour, key: self.key, description: self.description.clone() }
    }

    pub(crate) fn set_fields(&mut self, f: TagFields) {
        self.name = f.name;
        self.colour = f.colour;
        self.key = f.key;
        self.description = f.description;
    }
}

/// Colours from the Okabe–Ito palette, chosen to stay distinct under the common colour-vision
/// deficiencies; new tags take the next unused one.
pub const PALETTE: [Colour; 7] = [
    Colour([0x00, 0x72, 0xB2]), // blue
    Colour([0xD5, 0x5E, 0x00]), // vermillion
    Colour([0x00, 0x9E, 0x73]), // bluish green
    Colour([0xCC, 0x79, 0xA7]), // reddish purple
    Colour([0xE6, 0x9F, 0x00]), // orange
    Colour([0x56, 0xB4, 0xE9]), // sky blue
    Colour([0xF0, 0xE4, 0x42]), // yellow
];

/// The colour for a new tag beside tags coloured `used`: the first palette colour not in use,
/// and past the palette the colour of a fixed wheel (24 hues at two depths) farthest from every
/// colour in use (a twelfth tag had taken the fifth's colour again, two tags one highlight).
/// Distance is CIE76 in CIELAB, which is made to follow perceived difference: the "redmean"
/// approximation used before weighs green four times and took three greens for 13 tags (a walk).
pub fn next_colour(used: &[Colour]) -> Colour {
    if let Some(c) = PALETTE.iter().copied().find(|c| !used.contains(c)) {
        return c;
    }
    let wheel = (0..48).map(|i| {
        let hue = (i % 24) as f32 * 15.0;
        let (s, v) = if i < 24 { (0.75, 0.85) } else { (0.55, 0.6) };
        hsv(hue, s, v)
    });
    let used: Vec<[f32; 3]> = used.iter().map(|&u| lab(u)).collect();
    let nearest = |c: Colour| {
        let c = lab(c);
        used.iter().map(|u| delta_e(c, *u)).fold(f32::INFINITY, f32::min)
    };
    // Ties go to the earlier colour of the wheel, so the choice is the same on every machine.
    wheel
        .fold((PALETTE[0], f32::NEG_INFINITY), |best, c| {
            let d = nearest(c);
            if d > best.1 { (c, d) } else { best }
        })
        .0
}

/// The colour in CIELAB (D65 white), from sRGB.
pub fn lab(c: Colour) -> [f32; 3] {
    let linear = |u: u8| {
        let u = f32::from(u) / 255.0;
        if u <= 0.04045 { u / 12.92 } else { ((u + 0.055) / 1.055).powf(2.4) }
    };
    let [r, g, b] = c.0.map(linear);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f32| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 colour difference of two CIELAB colours (about 2.3 is just noticeable).
pub fn delta_e(a: [f32; 3], b: [f32; 3]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// A colour from hue (degrees), saturation and value (0-1).
fn hsv(hue: f32, s: f32, v: f32) -> Colour {
    let c = v * s;
    let x = c * (1.0 - ((hue / 60.0) % 2.0 - 1.0).abs());
    let m = v - c;
    let (r, g, b) = match (hue / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    Colour([r, g, b].map(|k| ((k + m) * 255.0).round().clamp(0.0, 255.0) as u8))
}

/// Letters the workbench keeps for itself (N and P walk the annotations): no tag may use them.
/// The command catalogue checks, in a test, that its plain-key shortcuts are exactly these.
pub const RESERVED_KEYS: [char; 2] = ['n', 'p'];

/// True when `key` can apply a tag: a letter or digit the workbench does not keep for itself.
pub fn is_tag_key(key: char) -> bool {
    key.is_ascii_alphanumeric() && !RESERVED_KEYS.contains(&key.to_ascii_lowercase())
}

/// Name, key and description of the four tags a new project starts with.
pub const DEFAULT_TAGS: [(&str, char, &str); 4] = [
    ("Fact", '1', "A verifiable statement of what happened, reported without hedging."),
    ("Allegation", '2', "An assertion attributed to someone, not established by the outlet."),
    ("Legal claim", '3', "An assertion about legality, rights or obligations under law."),
    ("Rhetoric", '4', "Loaded, emotive or persuasive language."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_parses_and_prints() {
        assert_eq!("#0072b2".parse::<Colour>(), Ok(Colour([0, 0x72, 0xB2])));
        assert_eq!(Colour([0, 0x72, 0xB2]).to_string(), "#0072B2");
        assert!("0072B2".parse::<Colour>().is_err());
        assert!("#0072B".parse::<Colour>().is_err());
        assert!("#GG72B2".parse::<Colour>().is_err());
        assert!("#é072B".parse::<Colour>().is_err());
    }

    #[test]
    fn luminance_bounds() {
        assert!(Colour([0, 0, 0]).luminance() < 0.001);
        assert!(Colour([255, 255, 255]).luminance() > 0.999);
    }
}
