// swift-tools-version:6.0
import PackageDescription

/// Release builds of the engine — tensors, kernels, layers, training — drop bounds, overflow and
/// exclusivity checks: its kernels are tested against naive references in debug builds, where
/// every check stays on. Everything that reads outside input (model, PNG, history, IDX and
/// pendigits files), the window and the command line keep their checks in release builds, which
/// is what ships and what `./meson-helper.sh fuzz` exercises.
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
        // glibc's gettext and setlocale (part of the C library: nothing to link).
        .systemLibrary(name: "CIntl", path: "Sources/CIntl"),
        // Variadic GTK constructors and GLib type macros, which Swift cannot call or import.
        .target(name: "CGtkShim", dependencies: ["CGtk"], path: "Sources/CGtkShim"),
        // Engine: tensors, kernels, execution plans, layers, training. No GTK, no cairo, no files.
        .target(name: "ScrawlEngine", swiftSettings: fastMath),
        // Recognition: strokes, undo, rasterising, preprocessing, model files, PNG, IDX and pendigits
        // readers, history, translations. No GTK.
        .target(name: "ScrawlRecognition", dependencies: ["ScrawlEngine", "CCairo", "CZlib", "CIntl"]),
        // Command line: recognize, evaluate, train, bench.
        .target(name: "ScrawlCLI", dependencies: ["ScrawlEngine", "ScrawlRecognition"]),
        // The GTK window: a thin layer over the recognition module.
        .target(name: "ScrawlUI", dependencies: ["ScrawlRecognition", "CGtk", "CGtkShim"]),
        .executableTarget(name: "scrawl", dependencies: ["ScrawlCLI", "ScrawlUI"]),
        // Helpers shared by the test targets: finding the built binary, running it, MNIST's location, the λ tests teach.
        .target(name: "ScrawlTestSupport", dependencies: ["ScrawlCLI", "ScrawlEngine", "ScrawlRecognition"], path: "Tests/ScrawlTestSupport"),
        // The engine tests run the two networks the command line builds (ScrawlCLI.Architectures).
        .testTarget(name: "ScrawlEngineTests", dependencies: ["ScrawlEngine", "ScrawlCLI"]),
        .testTarget(name: "ScrawlRecognitionTests", dependencies: ["ScrawlRecognition", "ScrawlCLI", "ScrawlTestSupport"]),
        .testTarget(name: "ScrawlCLITests", dependencies: ["ScrawlCLI", "ScrawlRecognition", "ScrawlTestSupport"]),
        .testTarget(name: "ScrawlUITests", dependencies: ["ScrawlUI", "ScrawlRecognition", "ScrawlCLI", "ScrawlTestSupport"]),
    ]
)
