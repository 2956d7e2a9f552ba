/// The centre lines of a picture's strokes, one pixel wide (Zhang and Suen's thinning, 1984).
///
/// Ink is what is above `threshold`. Each pass peels the pixels on the outline that can go
/// without breaking a stroke in two, opening a hole or taking a line's last pixel; it stops when
/// a pass peels nothing (a fat stroke's end comes back by about half the stroke's width). What
/// stays keeps the strokes' shape and their holes whatever the pen's width was, which is what
/// thinning a fat pen's picture needs: peeling a disc off every outline (an erosion) wipes out
/// each stroke thinner than the disc along with the thickness.
enum Skeleton {
    /// 1 on the centre lines, 0 elsewhere.
    static func of(_ image: GrayImage, threshold: Float = 0.5) -> GrayImage {
        let w = image.width, h = image.height
        guard w > 0 && h > 0 else { return image }
        let (ink, pw) = centreLines(image, threshold: threshold)
        var out = GrayImage(width: w, height: h)
        for y in 0 ..< h { for x in 0 ..< w where ink[(y + 1) * pw + x + 1] == 1 { out.pixels[y * w + x] = 1 } }
        return out
    }

    /// The centre lines as 1s in rows `rowLength` long: the picture padded by one pixel of paper
    /// on every side, so every line pixel's eight neighbours exist.
    static func centreLines(_ image: GrayImage, threshold: Float = 0.5) -> (ink: [UInt8], rowLength: Int) {
        let w = image.width, h = image.height, pw = w + 2
        var ink = [UInt8](repeating: 0, count: pw * (h + 2))
        for y in 0 ..< h { for x in 0 ..< w where image.pixels[y * w + x] > threshold { ink[(y + 1) * pw + x + 1] = 1 } }
        // The ink pixels still standing: each pass looks at these alone, not the whole picture.
        var standing = ink.indices.filter { ink[$0] == 1 }
        var peel: [Int] = []
        var changed = true
        while changed {
            changed = false
            for step in 0 ..< 2 {
                peel.removeAll(keepingCapacity: true)
                for i in standing {
                    // The neighbours clockwise from north (P2 ... P9 in the paper's naming).
                    let p2 = ink[i - pw], p3 = ink[i - pw + 1], p4 = ink[i + 1], p5 = ink[i + pw + 1]
                    let p6 = ink[i + pw], p7 = ink[i + pw - 1], p8 = ink[i - 1], p9 = ink[i - pw - 1]
                    let neighbours = Int(p2) + Int(p3) + Int(p4) + Int(p5) + Int(p6) + Int(p7) + Int(p8) + Int(p9)
                    guard neighbours >= 2 && neighbours <= 6 else { continue }
                    // Exactly one paper-to-ink step going round: the pixel joins one run of ink.
                    let steps = (p2 < p3 ? 1 : 0) + (p3 < p4 ? 1 : 0) + (p4 < p5 ? 1 : 0) + (p5 < p6 ? 1 : 0)
                        + (p6 < p7 ? 1 : 0) + (p7 < p8 ? 1 : 0) + (p8 < p9 ? 1 : 0) + (p9 < p2 ? 1 : 0)
                    guard steps == 1 else { continue }
                    // The first pass peels south-east outlines and north-west corners, the second the opposite.
                    let (a, b) = step == 0 ? (p2 & p4 & p6, p4 & p6 & p8) : (p2 & p4 & p8, p2 & p6 & p8)
                    if a == 0 && b == 0 { peel.append(i) }
                }
                for i in peel { ink[i] = 0 }
                if !peel.isEmpty { changed = true; standing.removeAll { ink[$0] == 0 } }
            }
        }
        return (ink, pw)
    }
}
