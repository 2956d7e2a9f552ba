import CIntl
import Foundation

/// Scrawl's messages in the reader's language (glibc's gettext, text domain `scrawl`), and its
/// numbers and dates in the reader's locale.
///
/// A message names its values in braces, `"Recognized as {digit}"`, so that a translation may put
/// them in any order; ``tr(_:_:)`` fills them in. `Resources/po/scrawl.pot` is extracted from the
/// calls of `tr`, `trn` and `N_` (`./meson-helper.sh pot`).
public enum Translation {
    /// The gettext text domain, also the catalog's file name (`scrawl.mo`).
    public static let domain = "scrawl"

    /// Sets the C locale from the environment and binds Scrawl's catalog folder. The window takes
    /// the whole locale; the command line only its messages, so that what scripts read (numbers,
    /// JSON) stays the same everywhere. Call once at start, before other threads run.
    ///
    /// A language whose C locale is not installed (`LANG=de_DE.UTF-8` on a system without that
    /// locale generated) still gets its messages: the locale falls back to C.UTF-8, and `LANGUAGE`
    /// is set to the language asked for when it was unset.
    public static func setUp(wholeLocale: Bool) {
        let category = wholeLocale ? LC_ALL : LC_MESSAGES
        if setlocale(category, "") == nil {
            _ = setlocale(category, "C.UTF-8")
            let environment = ProcessInfo.processInfo.environment
            if (environment["LANGUAGE"] ?? "").isEmpty, let language = localeName(for: "LC_MESSAGES", in: environment) {
                setenv("LANGUAGE", language, 1)
            }
        }
        if let folder = ResourceLocator.catalogFolder() { bindtextdomain(domain, folder) }
        bind_textdomain_codeset(domain, "UTF-8")
    }

    /// The locale name the environment gives `category` (`LC_ALL`, then the category, then `LANG`),
    /// without its encoding: `de_DE` for `de_DE.UTF-8@euro`; nil for C and POSIX.
    static func localeName(for category: String, in environment: [String: String]) -> String? {
        let value = [environment["LC_ALL"], environment[category], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let name = String(value.prefix { $0 != "." && $0 != "@" })
        return name.isEmpty || name == "C" || name == "POSIX" ? nil : name
    }

    /// The Foundation locale for numbers (`LC_NUMERIC`); nil under the C locale.
    static let numberLocale = localeName(for: "LC_NUMERIC", in: ProcessInfo.processInfo.environment).map(Locale.init(identifier:))
    /// The Foundation locale for dates and times (`LC_TIME`); nil under the C locale.
    static let timeLocale = localeName(for: "LC_TIME", in: ProcessInfo.processInfo.environment).map(Locale.init(identifier:))

    /// `fraction` (0.971) as a percentage in the reader's locale: "97.1%", "97,1 %" in German.
    public static func percent<F: BinaryFloatingPoint>(_ fraction: F, digits: Int = 1) -> String {
        percent(Double(fraction), digits: digits, in: numberLocale)
    }

    /// `value` with `digits` decimals in the reader's locale: "1.5", "1,5" in German.
    public static func decimal<F: BinaryFloatingPoint>(_ value: F, digits: Int = 1) -> String {
        decimal(Double(value), digits: digits, in: numberLocale)
    }

    static func percent(_ fraction: Double, digits: Int, in locale: Locale?) -> String {
        guard let locale else { return String(format: "%.*f%%", digits, fraction * 100) }
        return fraction.formatted(.percent.precision(.fractionLength(digits)).locale(locale))
    }

    static func decimal(_ value: Double, digits: Int, in locale: Locale?) -> String {
        guard let locale else { return String(format: "%.*f", digits, value) }
        return value.formatted(.number.precision(.fractionLength(digits)).locale(locale))
    }

    /// A date and time as the reader's locale writes it, to the second.
    public static func dateTime(_ date: Date) -> String { dateTime(date, in: timeLocale) }

    static func dateTime(_ date: Date, in locale: Locale?) -> String {
        let formatter = DateFormatter()
        if let locale { formatter.locale = locale }
        formatter.dateStyle = .medium
        formatter.timeStyle = .medium
        return formatter.string(from: date)
    }
}

/// `message` in the reader's language, with each `{name}` replaced by `values[name]`.
public func tr(_ message: String, _ values: [String: String] = [:]) -> String {
    // gettext returns its argument when there is no translation: copy it while it is valid.
    fill(message.withCString { String(cString: dgettext(Translation.domain, $0)) }, values)
}

/// The singular or plural form of a message for `count` (as the language counts), with `{name}`
/// replaced by `values[name]` and `{count}` by `count`.
public func trn(_ singular: String, _ plural: String, _ count: Int, _ values: [String: String] = [:]) -> String {
    var values = values
    values["count"] = values["count"] ?? String(count)
    let text = singular.withCString { one in
        plural.withCString { many in String(cString: dngettext(Translation.domain, one, many, UInt(max(count, 0)))) }
    }
    return fill(text, values)
}

/// Marks `message` for the template without translating it: for text kept in a table and
/// translated where it is shown, with `tr`.
public func N_(_ message: String) -> String { message }

/// `text` with each `{name}` that `values` has replaced, in one pass (a value that itself holds
/// braces is not read again).
func fill(_ text: String, _ values: [String: String]) -> String {
    guard !values.isEmpty else { return text }
    var result = "", rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
        result += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open) ..< close])] else {
            result.append("{")
            rest = rest[rest.index(after: open)...]
            continue
        }
        result += value
        rest = rest[rest.index(after: close)...]
    }
    return result + rest
}
