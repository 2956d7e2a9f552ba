import Foundation

/// One-line JSON objects for machine-readable output.
enum JSONLine {
    static func make(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A float rounded to 6 decimals, so output reads `0.982113`, not `0.98211300373077393`.
    static func round(_ v: Float) -> Double { (Double(v) * 1e6).rounded() / 1e6 }
    /// A double rounded to `decimals` places.
    static func round(_ v: Double, decimals: Int = 3) -> Double {
        let scale = pow(10, Double(decimals))
        return (v * scale).rounded() / scale
    }
}
