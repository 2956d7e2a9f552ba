import Foundation
import ScrawlCLI
import XCTest
@testable import ScrawlRecognition
import ScrawlTestSupport

/// The pendigits reader: a well-formed file, each kind of damage named with its line, and the
/// shared file itself when it is present.
final class PenDigitsTests: XCTestCase {
    let header = ".INCLUDE dene.doc\n\n.LEXICON \"0\" \"1\"\n.HIERARCHY DIGIT\n\n"

    func digit(_ label: String, writer: String = "3", strokes: [String]) -> String {
        ".SEGMENT DIGIT 0 ? \"\(label)\"\n.COMMENT \(label) \(writer) 1\n"
            + strokes.map { ".PEN_DOWN\n\($0).PEN_UP\n.DT 100\n" }.joined()
    }

    func testReadsDigitsWithSeveralStrokesAndFlipsY() throws {
        let text = header + digit("4", strokes: [" 10 100\n 10 50\n 40 50\n", " 30 100\n 30 0\n"]) + digit("7", writer: "12", strokes: [" 0 0\n 5 5\n"])
        let set = try PenDigits.parse(text)
        XCTAssertEqual(set.samples.count, 2)
        XCTAssertEqual(set.samples[0].label, 4)
        XCTAssertEqual(set.samples[0].writer, 3)
        XCTAssertEqual(set.samples[0].strokes.count, 2)
        XCTAssertEqual(set.samples[0].strokes[0], [Point(10, -100), Point(10, -50), Point(40, -50)], "y flipped to point down")
        XCTAssertEqual(set.samples[1].writer, 12)
        XCTAssertEqual(set.written(by: 10 ... 20).map(\.label), [7])
    }

    func assertError(_ text: String, line: Int, contains words: String, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try PenDigits.parse(text, path: "x.tra"), file: file, line: lineNumber) { error in
            guard let e = error as? PenDigitsError else { return XCTFail("\(error)", file: file, line: lineNumber) }
            XCTAssertEqual(e.line, line, e.description, file: file, line: lineNumber)
            XCTAssertTrue(e.description.contains(words) && e.description.hasPrefix("x.tra, line \(line): "), e.description, file: file, line: lineNumber)
        }
    }

    func testEachKindOfDamageIsNamedWithItsLine() {
        // Lines: 1-5 header, 6 .SEGMENT, 7 .COMMENT, 8 .PEN_DOWN, 9-10 points, ...
        let good = header + digit("4", strokes: [" 10 100\n 10 50\n"])
        let truncated = String(good.prefix(upTo: good.range(of: ".PEN_UP")!.lowerBound))
        assertError(truncated, line: 8, contains: "has no .PEN_UP")
        assertError(header + ".SEGMENT DIGIT 0 ? \"4\"\n.COMMENT 4 3 1\n.PEN_UP\n", line: 8, contains: ".PEN_UP without a .PEN_DOWN")
        assertError(header + digit("4", strokes: [""]) + digit("5", strokes: [" 1 1\n"]), line: 6, contains: "no points")
        assertError(header + digit("4", strokes: [" 10 1O0\n"]), line: 9, contains: "expected two numbers")
        assertError(header + digit("4", strokes: [" 10\n"]), line: 9, contains: "expected two numbers")
        assertError(header + digit("A", strokes: [" 10 10\n"]), line: 6, contains: "not a digit from 0 to 9")
        assertError(header + digit("12", strokes: [" 10 10\n"]), line: 6, contains: "not a digit from 0 to 9")
        assertError(header + digit("4", writer: "x", strokes: [" 10 10\n"]), line: 7, contains: "positive writer number")
        assertError(header + " 10 10\n", line: 6, contains: "outside .PEN_DOWN")
        assertError(header + digit("4", strokes: [" 1 1\n.PEN_DOWN\n"]), line: 10, contains: "already down")
        XCTAssertThrowsError(try PenDigits.parse(header, path: "x.tra")) { XCTAssertEqual("\($0)", "x.tra: no digits in the file") }
    }

    func testMissingAndCorruptFilesAreNamed() throws {
        let dir = try ScrawlProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertThrowsError(try PenDigits.load(path: dir + "/none.gz")) { XCTAssertTrue("\($0)".contains("no such file"), "\($0)") }
        // A gzip stream cut in half.
        let text = header + String(repeating: digit("4", strokes: [" 10 100\n 10 50\n"]), count: 200)
        let gz = dir + "/cut.gz"
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/cut"))
        XCTAssertEqual(try Subprocess.run("/bin/gzip", ["-f", dir + "/cut"]).status, 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: gz))
        XCTAssertThrowsError(try PenDigits.load(path: gz)) { XCTAssertTrue("\($0)".contains("cut.gz"), "\($0)") }
    }

    func testTheSharedFile() throws {
        let set = try PenDigits.load(path: try ScrawlProcess.pendigits())
        XCTAssertEqual(set.samples.count, 7494)
        XCTAssertEqual(Set(set.samples.map(\.writer)), Set(1 ... 30))
        XCTAssertEqual(Set(set.samples.map(\.label)), Set(0 ... 9))
        XCTAssertTrue(set.samples.allSatisfy { !$0.strokes.isEmpty && $0.strokes.allSatisfy { !$0.isEmpty } })
    }
}
