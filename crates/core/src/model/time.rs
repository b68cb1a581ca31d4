//! Timestamps as RFC 3339 UTC text, without a calendar crate.

/// RFC 3339 UTC (`2026-01-05T14:03:00Z`) for seconds since the Unix epoch.
pub fn rfc3339_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// An article's date as people read it: `2019-11-19T11:00:09.000Z` shows as "19 Nov 2019,
/// 11:00 UTC", `2020-01-03` as "3 Jan 2020". Anything else (a date as the page wrote it) is shown
/// as it is. The stored value never changes: exports keep the ISO form.
pub fn display_date(s: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let s = s.trim();
    let num =
        |r: std::ops::Range<usize>| s.get(r).filter(|p| p.bytes().all(|b| b.is_ascii_digit()))?.parse::<u32>().ok();
    let date = (|| {
        if s.len() < 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
            return None;
        }
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let month = MONTHS.get(usize::try_from(m).ok()?.checked_sub(1)?)?;
        (1..=31).contains(&d).then(|| format!("{d} {month} {y}"))
    })();
    let Some(date) = date else { return s.to_owned() };
    let rest = &s[10..];
    if rest.is_empty() {
        return date;
    }
    // A time: shown to the minute, with its zone; midnight UTC is a date alone.
    let bytes = rest.as_bytes();
    if !matches!(bytes.first(), Some(b'T' | b't' | b' ')) || rest.len() < 6 || bytes[3] != b':' {
        return s.to_owned();
    }
    let (Some(h), Some(min)) = (num(11..13), num(14..16)) else { return s.to_owned() };
    let zone = rest.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, 'T' | 't' | ' ' | ':' | '.'));
    let zone = match zone {
        "Z" | "z" | "+00:00" | "+0000" => "UTC",
        "" => "",
        other => other,
    };
    if h == 0 && min == 0 && zone == "UTC" {
        return date;
    }
    let zone = if zone.is_empty() { String::new() } else { format!(" {zone}") };
    format!("{date}, {h:02}:{min:02}{zone}")
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// What is wrong with a date written as ISO 8601 (`YYYY-MM-DD`, perhaps a time after it) that
/// is not one: "month 13", "day 40 of a 30-day month". `None` for a real date, and for anything
/// not written so (a date as the page gave it is kept as text).
pub fn iso_date_problem(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|p| p.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10)) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m}"));
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (d == 0 || d > days).then(|| format!("month {m} of {y} has no day {d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_578_009_600), "2020-01-03T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_613_268), "2026-11-25T13:27:48Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(display_date("2019-11-19T11:00:09.000Z"), "19 Nov 2019, 11:00 UTC");
        assert_eq!(display_date("2020-01-03"), "3 Jan 2020");
        assert_eq!(display_date("2020-01-03T00:00:00Z"), "3 Jan 2020");
        assert_eq!(display_date("2020-01-03T09:30:00+01:00"), "3 Jan 2020, 09:30 +01:00");
        assert_eq!(display_date("2020-01-03 18:05"), "3 Jan 2020, 18:05");
        for kept in
            ["January 3, 2020", "3. Januar 2020", "", "2020-13-03", "2020-01-3", "２０２０-01-03", "2020-01-03Tzz"]
        {
            assert_eq!(display_date(kept), kept.trim());
        }
    }

    #[test]
    fn impossible_iso_dates_are_named_and_text_is_left_alone() {
        assert_eq!(super::iso_date_problem("2022-13-40").as_deref(), Some("there is no month 13"));
        assert_eq!(super::iso_date_problem("2023-02-29").as_deref(), Some("month 2 of 2023 has no day 29"));
        assert_eq!(super::iso_date_problem("2024-02-29"), None);
        assert_eq!(super::iso_date_problem("2020-01-03T10:00:00Z"), None);
        assert_eq!(super::iso_date_problem("4 January 2022"), None);
        assert_eq!(super::iso_date_problem("2022-1-4"), None);
    }
}
