import Foundation
import XCTest
@testable import ScrawlRecognition

final class HistoryStoreTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try TestImages.temporaryFolder()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func entry(_ digit: Int, id: String? = nil) -> HistoryEntry {
        var p = [Float](repeating: 0.01, count: 10)
        p[digit] = 0.91
        return HistoryEntry(id: id ?? HistoryEntry.newID(), time: Date(timeIntervalSince1970: 1_800_000_000), digit: digit,
                            confidence: 0.91, probabilities: p, model: "test, model")
    }

    let png = Data([0x89, 0x50, 0x4E, 0x47])

    func testRecordReloadAndRefine() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(3), b = entry(5)
        try store.record(a, drawingPNG: png)
        try store.record(b, drawingPNG: png)
        var refined = a
        refined.digit = 8
        try store.record(refined, drawingPNG: nil)
        let reopened = try HistoryStore(folder: dir)
        XCTAssertEqual(reopened.entries.map(\.id), [a.id, b.id], "a refined entry keeps its place")
        XCTAssertEqual(reopened.entries.map(\.digit), [8, 5])
        XCTAssertTrue(FileManager.default.fileExists(atPath: reopened.drawingPath(a)))
        XCTAssertTrue(reopened.damagedLines.isEmpty)
        let index = try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8)
        XCTAssertTrue(index.hasPrefix(#"{"format":"scrawl-history","version":1}"#))
    }

    func testThumbnailsAreWrittenAndDeletedWithTheirEntry() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(7)
        try store.record(a, drawingPNG: try PNGCodec.encode(Rasterizer.renderForDisplay(TestImages.seven())))
        let thumb = try PNGCodec.load(path: store.thumbnailPath(a))
        XCTAssertEqual(thumb.width, HistoryStore.thumbnailSide)
        XCTAssertTrue(thumb.rgba.contains { $0 < 128 }, "the thumbnail shows the ink")
        try store.delete(ids: [a.id])
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.thumbnailPath(a)))
    }

    func testCorrectionsPersist() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(4)
        try store.record(a, drawingPNG: png)
        try store.setCorrection(9, for: a.id)
        XCTAssertEqual(try HistoryStore(folder: dir).entries.first?.correction, 9)
    }

    func testDamagedLinesAreSkippedReportedAndKeptAside() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(1), b = entry(2), c = entry(3)
        for e in [a, b, c] { try store.record(e, drawingPNG: png) }
        var lines = try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert("this is not JSON", at: 2)                 // garbage in the middle
        lines[lines.count - 1] = String(lines[lines.count - 1].prefix(30))   // torn last line
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        let damaged = try HistoryStore(folder: dir)
        XCTAssertEqual(damaged.entries.map(\.id), [a.id, b.id], "only the damaged lines are lost")
        XCTAssertEqual(damaged.damagedLines.count, 2)
        // The next rewrite keeps them aside instead of dropping them.
        try damaged.delete(ids: [a.id])
        let aside = try String(contentsOfFile: dir + "/history.damaged.jsonl", encoding: .utf8)
        XCTAssertTrue(aside.contains("this is not JSON"))
        XCTAssertEqual(try HistoryStore(folder: dir).entries.map(\.id), [b.id])
        XCTAssertTrue(try HistoryStore(folder: dir).damagedLines.isEmpty)
    }

    func testAnEntryAppendedAfterATornLineSurvives() throws {
        // What a crash in the middle of an append leaves: a last line without its newline.
        let store = try HistoryStore(folder: dir)
        let a = entry(1)
        try store.record(a, drawingPNG: png)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: dir + "/history.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"confidence":0.5,"dig"#.utf8))
        try handle.close()
        let reopened = try HistoryStore(folder: dir)
        XCTAssertEqual(reopened.damagedLines.count, 1)
        let b = entry(2)
        try reopened.record(b, drawingPNG: png)
        XCTAssertEqual(try HistoryStore(folder: dir).entries.map(\.id), [a.id, b.id], "found by fuzzing: b was glued onto the torn line")
    }

    func testNewerFormatIsReadOnly() throws {
        try (#"{"format":"scrawl-history","version":7}"# + "\n").write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        let store = try HistoryStore(folder: dir)
        XCTAssertNotNil(store.readOnlyReason)
        XCTAssertThrowsError(try store.record(entry(1), drawingPNG: png))
        XCTAssertEqual(try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8).split(separator: "\n").count, 1, "untouched")
    }

    func testDeleteRemovesDrawingsAndDeleteAllEmpties() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(1), b = entry(2)
        try store.record(a, drawingPNG: png)
        try store.record(b, drawingPNG: png)
        try store.delete(ids: [a.id])
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.drawingPath(a)))
        XCTAssertEqual(store.entries.map(\.id), [b.id])
        try store.deleteAll()
        XCTAssertTrue(try HistoryStore(folder: dir).entries.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.drawingPath(b)))
    }

    func testCSVExport() throws {
        let store = try HistoryStore(folder: dir)
        let a = entry(6)
        try store.record(a, drawingPNG: png)
        try store.setCorrection(5, for: a.id)
        try store.exportCSV(to: dir + "/out.csv")
        let rows = try String(contentsOfFile: dir + "/out.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0], "id,time,digit,confidence,correction,model,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,p_not_digit,number,digit_confidences,label,label_probabilities")
        XCTAssertTrue(rows[1].hasPrefix("\(a.id),2027-01-15T08:00:00Z,6,0.910000,5,\"test, model\",0.010000"), rows[1])
    }

    func testNotADigitAnswersAndCorrectionsRoundTripBesideOlderLines() throws {
        // A line written before "not a digit" existed (no notDigit field) still loads as a digit.
        let old = #"{"confidence":0.9,"digit":2,"drawing":"drawings/old.png","id":"old","model":"m","#
            + #""probabilities":[0,0,0.9,0,0,0,0,0.1,0,0],"time":"2026-01-01T00:00:00Z"}"#
        try (#"{"format":"scrawl-history","version":1}"# + "\n" + old + "\n").write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        let store = try HistoryStore(folder: dir)
        XCTAssertEqual(store.entries.map(\.answer), [2])
        XCTAssertTrue(store.damagedLines.isEmpty)
        let r = Recognition(digit: 8, probabilities: [0, 0, 0, 0, 0, 0, 0, 0, 0.07, 0.01], notADigitProbability: 0.92, input: [])
        var rejected = HistoryEntry(recognition: r, model: "m", rejects: true)
        rejected.time = Date(timeIntervalSince1970: 1_800_000_000)   // whole seconds, as the index stores them
        XCTAssertFalse(rejected.isDigit)
        XCTAssertEqual(rejected.confidence, 0.92)
        try store.record(rejected, drawingPNG: png)
        try store.setCorrection(HistoryEntry.notADigit, for: rejected.id)
        rejected.correction = HistoryEntry.notADigit
        let reopened = try HistoryStore(folder: dir)
        XCTAssertEqual(reopened.entries.last, rejected)
        XCTAssertEqual(reopened.entries.last?.answer, HistoryEntry.notADigit)
        let rows = reopened.csv().split(separator: "\n")
        XCTAssertTrue(rows[2].hasPrefix("\(rejected.id),") && rows[2].contains(",not a digit,0.920000,not a digit,m,"), String(rows[2]))
        XCTAssertTrue(rows[2].hasSuffix(",0.920000,,,,"), "p_not_digit, then no number and no labels: \(rows[2])")
        XCTAssertTrue(rows[1].hasSuffix(","), "no p_not_digit for the older line: \(rows[1])")
    }

    func testNumbersRoundTripBesideSingleDigitsAndOlderLines() throws {
        let old = #"{"confidence":0.9,"digit":2,"drawing":"drawings/old.png","id":"old","model":"m","#
            + #""probabilities":[0,0,0.9,0,0,0,0,0.1,0,0],"time":"2026-01-01T00:00:00Z"}"#
        try (#"{"format":"scrawl-history","version":1}"# + "\n" + old + "\n").write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        let store = try HistoryStore(folder: dir)
        func symbol(_ d: Int, _ p: Float) -> NumberPart {
            var probs = [Float](repeating: (1 - p) / 9, count: 10)
            probs[d] = p
            return NumberPart(kind: .symbol, recognition: Recognition(digit: d, probabilities: probs, input: []),
                              box: InkBox(x0: 0, y0: 0, x1: 1, y1: 1), strokes: [])
        }
        let reading = NumberReading(parts: [symbol(1, 0.99), NumberPart(kind: .decimalPoint, recognition: nil, box: InkBox(x0: 0, y0: 0, x1: 1, y1: 1),
                                                                        strokes: []), symbol(5, 0.5)])
        var number = HistoryEntry(reading: reading, model: "m", rejects: false)
        number.time = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(number.number, "1.5")
        XCTAssertEqual(number.answerText, "1.5")
        XCTAssertEqual(number.confidence, 0.99 * 0.5, accuracy: 1e-6)
        try store.record(number, drawingPNG: png)
        let reopened = try HistoryStore(folder: dir)
        XCTAssertTrue(reopened.damagedLines.isEmpty)
        XCTAssertEqual(reopened.entries, [store.entries[0], number])
        XCTAssertEqual(reopened.entries[0].answerText, "2")
        let rows = reopened.csv().split(separator: "\n").map(String.init)
        XCTAssertTrue(rows[2].hasPrefix("\(number.id),2027-01-15T08:00:00Z,,0.495000,,m,,"), rows[2])
        XCTAssertTrue(rows[2].hasSuffix(",1.5,0.990000 0.500000,,"), rows[2])
        XCTAssertTrue(rows[1].hasSuffix(",,,,"), "no number for the single digit: \(rows[1])")
    }

    /// An answer from a model taught symbols keeps its labels: it reloads, shows its label, takes
    /// a correction to one of them, and fills the CSV's label columns instead of the digits'.
    func testSymbolAnswersRoundTripWithTheirLabels() throws {
        let store = try HistoryStore(folder: dir)
        let r = Recognition(digit: 1, probabilities: [0.1, 0.8, 0.05], notADigitProbability: 0.05, input: [], labels: ["A", "+", "7"])
        var entry = HistoryEntry(recognition: r, model: "symbols", rejects: true)
        entry.time = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(entry.labels, ["A", "+", "7"])
        XCTAssertEqual(entry.answerText, "+")
        try store.record(entry, drawingPNG: png)
        try store.setCorrection(0, for: entry.id)
        entry.correction = 0
        let reopened = try HistoryStore(folder: dir)
        XCTAssertTrue(reopened.damagedLines.isEmpty)
        XCTAssertEqual(reopened.entries, [entry])
        XCTAssertEqual(reopened.entries[0].text(0), "A")
        let row = String(reopened.csv().split(separator: "\n")[1])
        XCTAssertTrue(row.hasPrefix("\(entry.id),2027-01-15T08:00:00Z,,0.800000,A,symbols,,,"), row)
        XCTAssertTrue(row.hasSuffix(",0.050000,,,+,A 0.100000 + 0.800000 7 0.050000"), row)
        // A line whose probabilities do not fit its labels is damaged, not loaded.
        let bad = try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8).replacingOccurrences(of: #""labels":["A","+","7"]"#, with: #""labels":["A","+"]"#)
        try bad.write(toFile: dir + "/history.jsonl", atomically: true, encoding: .utf8)
        let damaged = try HistoryStore(folder: dir)
        XCTAssertTrue(damaged.entries.isEmpty)
        XCTAssertFalse(damaged.damagedLines.isEmpty)
    }

    func testWritesAreAtomicAndFailuresLeaveTheIndexIntact() throws {
        let store = try HistoryStore(folder: dir)
        try store.record(entry(1), drawingPNG: png)
        let before = try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8)
        // A drawing that cannot be written (its path is taken by a folder) must not add an index line.
        let blocked = entry(2)
        try FileManager.default.createDirectory(atPath: store.drawingPath(blocked), withIntermediateDirectories: true)
        XCTAssertThrowsError(try store.record(blocked, drawingPNG: png))
        XCTAssertEqual(try String(contentsOfFile: dir + "/history.jsonl", encoding: .utf8), before)
        XCTAssertEqual(store.entries.count, 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/drawings").filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }
}
