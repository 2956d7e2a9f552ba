// swift-tools-version:6.0
import PackageDescription

/// Release builds of the targets that take these settings (today every module: engine, recognition,
/// command line and window) drop bounds and exclusivity checks; kernels are tested against naive
/// references in debug builds, where every check stays on.
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Scrawl",
    products: [
        .executable(name: "scrawl", targets: ["scrawl"]),
    ],
    targets: [
        // C libraries from Debian's -dev packages.
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGtk", path: "Sources/CGtk", pkgConfig: "gtk4",
                       providers: [.apt(["libgtk-4-dev"])]),
        // Variadic GTK constructors and GLib type macros, which Swift cannot call or import.
        .target(name: "CGtkShim", dependencies: ["CGtk"], path: "Sources/CGtkShim"),
        // Engine: tensors, kernels, layers, training, model files. No GTK, no cairo.
        .target(name: "ScrawlEngine", dependencies: ["CZlib"], swiftSettings: fastMath),
        // Recognition: strokes, undo, rasterising, preprocessing, PNG I/O, history. No GTK.
        .target(name: "ScrawlRecognition", dependencies: ["ScrawlEngine", "CCairo"], swiftSettings: fastMath),
        // Command line: recognize, evaluate, train, bench.
        .target(name: "ScrawlCLI", dependencies: ["ScrawlEngine", "ScrawlRecognition"], swiftSettings: fastMath),
        // The GTK window: a thin layer over the recognition module.
        .target(name: "ScrawlUI", dependencies: ["ScrawlRecognition", "CGtk", "CGtkShim"], swiftSettings: fastMath),
        .executableTarget(name: "scrawl", dependencies: ["ScrawlCLI", "ScrawlUI"]),
        // Helpers shared by the test targets: finding the built binary, running it, MNIST's location.
        .target(name: "ScrawlTestSupport", dependencies: ["ScrawlCLI", "ScrawlEngine"], path: "Tests/ScrawlTestSupport"),
        .testTarget(name: "ScrawlEngineTests", dependencies: ["ScrawlEngine"]),
        .testTarget(name: "ScrawlRecognitionTests", dependencies: ["ScrawlRecognition", "ScrawlTestSupport"]),
        .testTarget(name: "ScrawlCLITests", dependencies: ["ScrawlCLI", "ScrawlRecognition", "ScrawlTestSupport"]),
        .testTarget(name: "ScrawlUITests", dependencies: ["ScrawlUI", "ScrawlRecognition", "ScrawlTestSupport"]),
    ]
)
