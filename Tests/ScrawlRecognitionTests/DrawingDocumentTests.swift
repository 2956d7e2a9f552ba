import XCTest
@testable import ScrawlRecognition

final class DrawingDocumentTests: XCTestCase {
    let a = Stroke(points: [Point(1, 1), Point(5, 5)], width: 10)
    let b = Stroke(points: [Point(9, 9)], width: 10)

    func testUndoAndRedoStrokeByStroke() {
        var doc = DrawingDocument()
        XCTAssertFalse(doc.canUndo)
        doc.addStroke(a); doc.addStroke(b)
        XCTAssertEqual(doc.drawing.strokes, [a, b])
        doc.undo()
        XCTAssertEqual(doc.drawing.strokes, [a])
        XCTAssertTrue(doc.canRedo)
        doc.redo()
        XCTAssertEqual(doc.drawing.strokes, [a, b])
        doc.undo(); doc.undo()
        XCTAssertTrue(doc.drawing.isEmpty)
        XCTAssertFalse(doc.canUndo)
        doc.undo()   // nothing left: no change
        XCTAssertTrue(doc.drawing.isEmpty)
    }

    func testClearAndLoadAreUndoable() {
        var doc = DrawingDocument()
        doc.addStroke(a)
        doc.clear()
        XCTAssertTrue(doc.drawing.isEmpty)
        doc.undo()
        XCTAssertEqual(doc.drawing.strokes, [a])
        let picture = Drawing(background: GrayImage(width: 2, height: 2, pixels: [1, 0, 0, 1]))
        doc.load(picture)
        XCTAssertEqual(doc.drawing.background, picture.background)
        XCTAssertTrue(doc.drawing.strokes.isEmpty)
        doc.addStroke(b)
        XCTAssertEqual(doc.drawing.strokes, [b], "drawing continues on top of the picture")
        doc.undo(); doc.undo()
        XCTAssertEqual(doc.drawing.strokes, [a])
        XCTAssertNil(doc.drawing.background)
    }

    /// A stroke drawn on a wider canvas widens the sheet for good: undo goes back to the narrower
    /// sheet with the stroke, a later stroke on a narrower canvas keeps it, a clear starts square.
    func testAWiderCanvasWidensTheSheetAndNeverNarrowsIt() {
        var doc = DrawingDocument()
        doc.addStroke(a)
        XCTAssertEqual(doc.drawing.width, Drawing.side, "a single digit's square sheet")
        doc.addStroke(b, sheetWidth: 980)
        XCTAssertEqual(doc.drawing.width, 980)
        doc.addStroke(a, sheetWidth: 700)
        XCTAssertEqual(doc.drawing.width, 980, "the ink drawn on the wider sheet stays on it")
        doc.undo(); doc.undo()
        XCTAssertEqual(doc.drawing.width, Drawing.side)
        doc.redo()
        doc.addStroke(a, sheetWidth: 100_000)
        XCTAssertEqual(doc.drawing.width, Drawing.maxWidth)
        doc.clear()
        XCTAssertEqual(doc.drawing.width, Drawing.side)
    }

    func testNewActionDiscardsRedoAndEmptyClearIsNotAStep() {
        var doc = DrawingDocument()
        doc.clear()
        XCTAssertFalse(doc.canUndo, "clearing an empty canvas records nothing")
        doc.addStroke(a); doc.undo()
        XCTAssertTrue(doc.canRedo)
        doc.addStroke(b)
        XCTAssertFalse(doc.canRedo)
        doc.addStroke(Stroke(points: [], width: 3))
        XCTAssertEqual(doc.drawing.strokes, [b], "an empty stroke is ignored")
    }

    func testUndoHistoryIsBounded() {
        var doc = DrawingDocument()
        doc.undoLimit = 5
        for _ in 0 ..< 20 { doc.addStroke(a) }
        var steps = 0
        while doc.canUndo { doc.undo(); steps += 1 }
        XCTAssertEqual(steps, 5)
        XCTAssertEqual(doc.drawing.strokes.count, 15)
    }
}
