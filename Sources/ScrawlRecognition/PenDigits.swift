import Foundation
import ScrawlEngine

/// Real pen trajectories of digits in the UNIPEN-style text of the pendigits set
/// (`../shared/pendigits/pendigits-orig.tra.gz`): each digit is its label, its writer and its strokes,
/// the same kind of data the canvas produces.
///
/// Format, after a header of `.INCLUDE`, `.LEXICON`, `.HIERARCHY` lines:
/// `.SEGMENT DIGIT … "<label>"`, `.COMMENT <label> <writer> <sample>`, then strokes as
/// `.PEN_DOWN`, one `<x> <y>` integer pair per line, `.PEN_UP`; `.DT` lines are timing and ignored.
/// Tablet y points up; the reader flips it, so points are in canvas orientation (y down).
public struct PenDigits: Sendable {
    /// One written digit.
    public struct Sample: Sendable, Equatable {
        public var label: Int
        /// The person who wrote it, 1-30 in the shared file.
        public var writer: Int
        /// Strokes as written, y pointing down, in tablet units.
        public var strokes: [[Point]]

        public init(label: Int, writer: Int, strokes: [[Point]]) {
            self.label = label
            self.writer = writer
            self.strokes = strokes
        }
    }

    public var samples: [Sample]

    /// The default file: `$PENDIGITS` when set, else `../shared/pendigits/pendigits-orig.tra.gz`
    /// when it exists.
    public static func locate(_ option: String?) -> String? {
        if let option { return option }
        if let env = ProcessInfo.processInfo.environment["PENDIGITS"], !env.isEmpty { return env }
        let fallback = FileManager.default.currentDirectoryPath + "/../shared/pendigits/pendigits-orig.tra.gz"
        return FileManager.default.fileExists(atPath: fallback) ? (fallback as NSString).standardizingPath : nil
    }

    /// Reads a pendigits file, gzipped or plain.
    public static func load(path: String) throws -> PenDigits {
        let bytes: [UInt8]
        do {
            bytes = try IDXReader.decompressedContents(path: path)
        } catch let error as IDXError {
            throw PenDigitsError(path: path, line: nil, reason: error.description)
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses the text of a pendigits file; `path` names it in errors.
    public static func parse(_ text: String, path: String = "pendigits") throws -> PenDigits {
        var samples: [Sample] = []
        // The digit being read: its label, writer, strokes, and the line it started on.
        var current: (label: Int, writer: Int?, strokes: [[Point]], line: Int)?
        var stroke: [Point]?
        var penDownLine = 0
        func fail(_ line: Int, _ reason: String) -> PenDigitsError { PenDigitsError(path: path, line: line, reason: reason) }
        func finish(at line: Int) throws {
            guard let digit = current else { return }
            if stroke != nil { throw fail(penDownLine, "a stroke starts here but has no .PEN_UP before line \(line)") }
            guard let writer = digit.writer else { throw fail(digit.line, "the digit has no .COMMENT line naming its writer") }
            guard digit.strokes.contains(where: { !$0.isEmpty }) else { throw fail(digit.line, "the digit has no points") }
            samples.append(Sample(label: digit.label, writer: writer, strokes: digit.strokes.filter { !$0.isEmpty }))
            current = nil
        }
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            switch fields[0] {
            case ".SEGMENT":
                try finish(at: number)
                guard let quoted = line.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first,
                      let label = Int(quoted), (0 ... 9).contains(label) else {
                    throw fail(number, "the label is not a digit from 0 to 9: \(line)")
                }
                current = (label, nil, [], number)
            case ".COMMENT":
                guard current != nil else { continue }
                guard fields.count >= 3, let writer = Int(fields[2]), writer > 0 else {
                    throw fail(number, "expected '.COMMENT <label> <writer> <sample>' with a positive writer number")
                }
                current?.writer = writer
            case ".PEN_DOWN":
                guard current != nil else { throw fail(number, ".PEN_DOWN before any .SEGMENT") }
                if stroke != nil { throw fail(number, ".PEN_DOWN while the pen is already down (since line \(penDownLine))") }
                stroke = []
                penDownLine = number
            case ".PEN_UP":
                guard let finished = stroke else { throw fail(number, ".PEN_UP without a .PEN_DOWN before it") }
                current?.strokes.append(finished)
                stroke = nil
            case ".DT", ".INCLUDE", ".LEXICON", ".HIERARCHY", ".X_DIM", ".Y_DIM", ".X_POINTS_PER_INCH", ".Y_POINTS_PER_INCH",
                 ".POINTS_PER_SECOND", ".COORD", ".DOCUMENT", ".VERSION":
                continue
            default:
                if fields[0].hasPrefix(".") { continue }   // other UNIPEN keywords carry nothing we use
                guard stroke != nil else { throw fail(number, "a point outside .PEN_DOWN … .PEN_UP: \(line)") }
                guard fields.count == 2, let x = Double(fields[0]), let y = Double(fields[1]), x.isFinite, y.isFinite else {
                    throw fail(number, "expected two numbers '<x> <y>', found '\(line)'")
                }
                stroke!.append(Point(x, -y))
            }
        }
        try finish(at: number + 1)
        guard !samples.isEmpty else { throw PenDigitsError(path: path, line: nil, reason: "no digits in the file") }
        return PenDigits(samples: samples)
    }

    /// The samples whose writer is in `writers`.
    public func written(by writers: ClosedRange<Int>) -> [Sample] { samples.filter { writers.contains($0.writer) } }
}

/// Why a pendigits file could not be read, naming the line where there is one.
public struct PenDigitsError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var reason: String
    public var description: String {
        line.map { "\(path), line \($0): \(reason)" } ?? "\(path): \(reason)"
    }
}
