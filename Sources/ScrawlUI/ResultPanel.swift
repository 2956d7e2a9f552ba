import CGtk
import CGtkShim
import Foundation
import ScrawlRecognition

/// The side panel: the digit large (or the number, with a button per digit showing its
/// confidence), its confidence, the probability chart, the 28x28 input the network saw, the
/// feedback controls, and the drawing options. Observes ``AppState``.
final class ResultPanel {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let state: AppState
    private let digitLabel: UnsafeMutablePointer<GtkWidget>
    private let confidenceLabel: UnsafeMutablePointer<GtkWidget>
    private let chart: UnsafeMutablePointer<GtkWidget>
    private let preview: UnsafeMutablePointer<GtkWidget>
    private let feedbackBox: UnsafeMutablePointer<GtkWidget>
    private let feedbackLabel: UnsafeMutablePointer<GtkWidget>
    private let penScale: UnsafeMutablePointer<GtkWidget>
    /// One toggle button per symbol of a number; rebuilt when the reading changes.
    private let symbolsBox: UnsafeMutablePointer<GtkWidget>
    /// A number's symbol buttons to a line: as many as the panel's width holds.
    private static let symbolsPerLine: UInt32 = 4
    /// The single answer's height, kept whatever it shows so the chart does not jump between an
    /// empty canvas and a digit. A number's smaller type takes only its own height, which leaves
    /// room for its buttons with the 28x28 input still in view at the default window size.
    private static let digitHeight: Int32 = 110
    private var symbolButtons: [UnsafeMutablePointer<GtkWidget>] = []
    private var shownNumber: NumberReading?
    /// The "Wrong…" menu's answers: the model's labels, and "not a digit"; rebuilt when the
    /// model's labels change.
    private let answersMenu: OpaquePointer
    private var menuLabels: [String] = []

    init(state: AppState) {
        self.state = state
        let panel = gtk_box_new(GTK_ORIENTATION_VERTICAL, 10)!
        widget = panel
        gtk_widget_set_size_request(panel, 260, -1)
        gtk_widget_set_hexpand(panel, 0)   // a wider window widens the canvas, not the panel (the pen slider would ask for it)
        // The answer scrolls when a long number's buttons make it taller than the window, rather
        // than making the window grow under the person's hand; the feedback buttons and the
        // options below it stay in view.
        let box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 10)!
        let scroller = gtk_scrolled_window_new()!
        gtk_scrolled_window_set_policy(scroller.opaque, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_scrolled_window_set_propagate_natural_height(scroller.opaque, 1)
        gtk_widget_set_vexpand(scroller, 1)
        gtk_scrolled_window_set_child(scroller.opaque, box)

        digitLabel = gtk_label_new(" ")
        gtk_widget_set_size_request(digitLabel, -1, Self.digitHeight)
        gtk_widget_add_css_class(digitLabel, "scrawl-digit")
        gtk_label_set_wrap(digitLabel.opaque, 1)
        gtk_label_set_wrap_mode(digitLabel.opaque, PANGO_WRAP_CHAR)
        gtk_label_set_max_width_chars(digitLabel.opaque, 8)
        gtk_label_set_justify(digitLabel.opaque, GTK_JUSTIFY_CENTER)
        // A long number's buttons wrap onto more rows rather than widen the panel (and narrow the
        // canvas).
        symbolsBox = gtk_flow_box_new()
        gtk_flow_box_set_selection_mode(symbolsBox.opaque, GTK_SELECTION_NONE)
        gtk_flow_box_set_max_children_per_line(symbolsBox.opaque, Self.symbolsPerLine)
        gtk_flow_box_set_column_spacing(symbolsBox.opaque, 4)
        gtk_flow_box_set_row_spacing(symbolsBox.opaque, 4)
        confidenceLabel = gtk_label_new("")
        gtk_label_set_wrap(confidenceLabel.opaque, 1)
        gtk_label_set_justify(confidenceLabel.opaque, GTK_JUSTIFY_CENTER)
        gtk_widget_add_css_class(confidenceLabel, "dim-label")

        chart = gtk_drawing_area_new()
        gtk_drawing_area_set_content_width(chart.cast(), 240)
        gtk_drawing_area_set_content_height(chart.cast(), 130)
        scrawl_accessible_set_label(chart, tr("Probability of each digit, and of not being a digit"))

        preview = gtk_drawing_area_new()
        gtk_drawing_area_set_content_width(preview.cast(), 84)
        gtk_drawing_area_set_content_height(preview.cast(), 84)
        gtk_widget_set_halign(preview, GTK_ALIGN_START)
        scrawl_accessible_set_label(preview, tr("What the network was given"))
        let previewRow = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12)!
        let previewCaption = gtk_label_new(tr("What the network saw\n(28×28)"))!
        gtk_widget_add_css_class(previewCaption, "dim-label")
        gtk_label_set_xalign(previewCaption.opaque, 0)
        gtk_box_append(previewRow.cast(), preview)
        gtk_box_append(previewRow.cast(), previewCaption)

        // Feedback: correct, or wrong → the right digit.
        feedbackBox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6)
        feedbackLabel = gtk_label_new(tr("Is this right?"))
        gtk_label_set_xalign(feedbackLabel.opaque, 0)
        let buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6)!
        let correct = gtk_button_new_with_mnemonic(tr("_Correct"))!
        gtk_actionable_set_action_name(correct.opaque, Action.correct.rawValue)
        gtk_widget_set_tooltip_text(correct, Shortcuts.tooltip(.correct, tr("The answer is right")))
        let wrong = gtk_menu_button_new()!
        gtk_menu_button_set_label(wrong.opaque, tr("Wrong…"))
        gtk_widget_set_tooltip_text(wrong, tr("Tell Scrawl the right digit (Ctrl+0 … Ctrl+9) or that it is not a digit (Ctrl+.)"))
        let digits = g_menu_new()!
        answersMenu = g_menu_new()!
        g_menu_append_section(digits, nil, answersMenu.cast())
        let typed = g_menu_new()!
        g_menu_append(typed, tr("_Type the Number…"), Action.typeNumber.rawValue)
        g_menu_append_section(digits, nil, typed.cast())
        g_object_unref(UnsafeMutableRawPointer(typed))
        gtk_menu_button_set_menu_model(wrong.opaque, digits.cast())
        g_object_unref(UnsafeMutableRawPointer(digits))
        gtk_box_append(buttons.cast(), correct)
        gtk_box_append(buttons.cast(), wrong)
        gtk_box_append(feedbackBox.cast(), feedbackLabel)
        gtk_box_append(feedbackBox.cast(), buttons)

        // Options.
        let live = gtk_check_button_new_with_mnemonic(tr("Recognize as you _draw"))!
        gtk_actionable_set_action_name(live.opaque, Action.live.rawValue)
        let penRow = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8)!
        let penLabel = gtk_label_new_with_mnemonic(tr("_Pen"))!
        penScale = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, 4, 60, 1)
        gtk_label_set_mnemonic_widget(penLabel.opaque, penScale)
        gtk_widget_set_hexpand(penScale, 1)
        gtk_range_set_value(penScale.cast(), state.penWidth)
        gtk_scale_set_draw_value(penScale.cast(), 1)
        gtk_scale_set_value_pos(penScale.cast(), GTK_POS_RIGHT)
        gtk_widget_set_tooltip_text(penScale, tr("Pen width in pixels (Ctrl+plus, Ctrl+minus)"))
        Signal.connect(penScale, "value-changed", { [unowned state, penScale] in
            let v = gtk_range_get_value(penScale.cast())
            if v != state.penWidth { state.penWidth = v }
        })
        gtk_box_append(penRow.cast(), penLabel)
        gtk_box_append(penRow.cast(), penScale)

        for w in [digitLabel, symbolsBox, confidenceLabel, chart, previewRow] {
            gtk_box_append(box.cast(), w)
        }
        for w in [scroller, feedbackBox, gtk_separator_new(GTK_ORIENTATION_HORIZONTAL)!, live, penRow] {
            gtk_box_append(panel.cast(), w)
        }

        DrawFunction.set(chart) { [unowned self] cr, w, h in
            var color = GdkRGBA()
            gtk_style_context_get_color(gtk_widget_get_style_context(self.chart), &color)
            let r = self.state.recognition
            let rejects = self.state.recognizer?.rejects ?? false
            let labels = r?.labels ?? self.state.recognizer?.labels.classes ?? OutputLabels.digitNames
            ProbabilityChart.draw(cr, width: Double(w), height: Double(h), probabilities: r.map { $0.probabilities + (rejects ? [$0.notADigitProbability] : []) },
                                  labels: labels + (rejects ? ["✗"] : []), text: color)
        }
        DrawFunction.set(preview) { [unowned self] cr, w, h in self.drawPreview(cr, Double(w), Double(h)) }
        state.observe { [weak self] in self?.update() }
    }

    /// The "Wrong…" menu's items: each label of the model, then "Not a digit".
    private func listAnswers(_ labels: [String]) {
        guard labels != menuLabels else { return }
        menuLabels = labels
        g_menu_remove_all(answersMenu)
        for label in labels {
            let item = g_menu_item_new(label.replacingOccurrences(of: "_", with: "__"), nil)!   // no mnemonic
            g_menu_item_set_action_and_target_value(item, Action.correctToLabel.rawValue, g_variant_new_string(label))
            g_menu_append_item(answersMenu, item)
            g_object_unref(UnsafeMutableRawPointer(item))
        }
        let none = g_menu_item_new(labels == OutputLabels.digitNames ? tr("Not a digit") : tr("None of These"), nil)!
        g_menu_item_set_action_and_target_value(none, Action.correctTo.rawValue, g_variant_new_int32(Int32(HistoryEntry.notADigit)))
        g_menu_append_item(answersMenu, none)
        g_object_unref(UnsafeMutableRawPointer(none))
    }

    /// How much of a number reading is no digit, when some of its `count` symbols (`unread`) are none.
    static func noDigits(_ unread: Int, of count: Int) -> String? {
        unread == 0 ? nil : unread == count ? tr("None of this looks like a digit")
            : trn("{unread} of {count} parts doesn't look like a digit", "{unread} of {count} parts don't look like digits", unread,
                  ["unread": String(unread), "count": String(count)])
    }

    private func update() {
        showSymbols(state.number)
        let r = state.recognition
        let ownLabels = !(state.recognizer?.readsNumbers ?? true)
        listAnswers(state.recognizer?.labels.classes ?? OutputLabels.digitNames)
        if let number = state.number {
            // The symbols that are no digit: when all are, or the drawing was refused, the answer
            // is ✗, as for a single drawing that is no digit.
            let count = number.symbols.count, unread = number.symbols.filter { !$0.isDigit }.count
            let noDigit = number.refusal != nil || (count > 0 && unread == count)
            gtk_label_set_text(digitLabel.opaque, noDigit ? "✗" : number.text)
            if let refusal = number.refusal {
                gtk_label_set_text(confidenceLabel.opaque, tr("Not read: {reason}", ["reason": refusal]))
            } else if let r {
                let which = state.selectedSymbol + 1
                let answer = r.answer.map(String.init) ?? tr("not a digit")
                // How sure of the digits, or how much of the drawing is no digit at all.
                let summary = Self.noDigits(unread, of: count) ?? tr("{percent} sure of every digit", ["percent": Translation.percent(number.confidence)])
                gtk_label_set_text(confidenceLabel.opaque, summary + "\n" + tr("Digit {which} of {count}: {answer}, {confidence}",
                                                                               ["which": String(which), "count": String(count), "answer": answer,
                                                                                "confidence": Translation.percent(r.confidence)]))
            }
        } else if let r, !r.isDigit {
            gtk_label_set_text(digitLabel.opaque, "✗")
            let values = ["percent": Translation.percent(r.confidence), "digit": r.label, "probability": Translation.percent(r.probabilities[r.digit])]
            gtk_label_set_text(confidenceLabel.opaque, r.labelsAreDigits
                ? tr("That doesn't look like a digit\n{percent} sure · nearest digit: {digit} ({probability})", values)
                : tr("That is none of this model's labels\n{percent} sure · nearest: {digit} ({probability})", values))
        } else if let r {
            gtk_label_set_text(digitLabel.opaque, r.label)
            let confident = tr("{percent} confident", ["percent": Translation.percent(r.confidence)])
            let second = r.top(2).last.map { tr(" · next: {digit} ({probability})", ["digit": r.labels[$0.digit], "probability": Translation.percent($0.probability)]) } ?? ""
            gtk_label_set_text(confidenceLabel.opaque, confident + second)
        } else if state.recognizing {
            gtk_label_set_text(digitLabel.opaque, "…")
            gtk_label_set_text(confidenceLabel.opaque, tr("Recognizing…"))
        } else if state.document.drawing.isEmpty {
            gtk_label_set_text(digitLabel.opaque, " ")
            gtk_label_set_text(confidenceLabel.opaque, ownLabels
                ? tr("Draw one of: {labels}\nRight-click or Delete clears.", ["labels": (state.recognizer?.labels.classes ?? []).joined(separator: " ")])
                : tr("Draw a digit from 0 to 9, or a number.\nRight-click or Delete clears."))
        } else {
            gtk_label_set_text(digitLabel.opaque, "?")
            gtk_label_set_text(confidenceLabel.opaque, state.recognizer == nil ? tr("No model loaded") : tr("Press Recognize (Return)"))
        }
        if let number = state.number, let corrected = state.entry?.numberCorrection {
            gtk_label_set_text(feedbackLabel.opaque, corrected == number.text ? tr("Marked correct ✓") : tr("Marked wrong: it reads {number}", ["number": corrected]))
        } else if state.number != nil {
            gtk_label_set_text(feedbackLabel.opaque, tr("Is digit {which} right?", ["which": String(state.selectedSymbol + 1)]))
        } else if let entry = state.entry, let correction = entry.correction, let r {
            let wrong = correction == HistoryEntry.notADigit ? tr("Marked wrong: it is not a digit") : tr("Marked wrong: it is a {digit}", ["digit": entry.text(correction)])
            gtk_label_set_text(feedbackLabel.opaque, correction == (r.answer ?? HistoryEntry.notADigit) ? tr("Marked correct ✓") : wrong)
        } else {
            gtk_label_set_text(feedbackLabel.opaque, tr("Is this right?"))
        }
        gtk_widget_set_visible(feedbackBox, state.availability.feedback ? 1 : 0)
        if gtk_range_get_value(penScale.cast()) != state.penWidth { gtk_range_set_value(penScale.cast(), state.penWidth) }
        gtk_widget_queue_draw(chart)
        gtk_widget_queue_draw(preview)
    }

    /// The number large (the single digit's size for one digit), and a button per symbol with its
    /// confidence, doubtful ones marked; the selected one pressed.
    private func showSymbols(_ number: NumberReading?) {
        if number != shownNumber {
            shownNumber = number
            for button in symbolButtons { gtk_flow_box_remove(symbolsBox.opaque, button) }
            symbolButtons = []
            // As many to a line as there are, up to a line's worth, so that a short number is one
            // centred row.
            gtk_flow_box_set_min_children_per_line(symbolsBox.opaque, max(1, min(Self.symbolsPerLine, UInt32(number?.symbols.count ?? 1))))
            for (k, part) in (number?.symbols ?? []).enumerated() {
                let confidence = part.recognition.map { Translation.percent($0.confidence, digits: 0) } ?? ""
                // A doubtful digit is marked "7?"; a part that is no digit is "?" already.
                let mark = part.isDoubtful && part.isDigit ? "?" : ""
                let button = gtk_toggle_button_new_with_label("\(part.text)\(mark)\n\(confidence)")!
                gtk_widget_add_css_class(button, "scrawl-symbol")
                if part.isDoubtful { gtk_widget_add_css_class(button, "scrawl-doubtful") }
                gtk_widget_set_tooltip_text(button, part.isDoubtful
                    ? tr("Show digit {which} in the chart (its strokes light up on the canvas as you point at it); doubtful", ["which": String(k + 1)])
                    : tr("Show digit {which} in the chart (its strokes light up on the canvas as you point at it)", ["which": String(k + 1)]))
                Signal.connect(button, "clicked", { [unowned state] in state.selectSymbol(k) })
                let hover = gtk_event_controller_motion_new()!
                Signal.connect(hover, "enter", point: { [unowned state] _, _ in state.hoverSymbol(k) })
                Signal.connect(hover, "leave", { [unowned state] in state.hoverSymbol(nil) })
                gtk_widget_add_controller(button, hover)
                gtk_flow_box_append(symbolsBox.opaque, button)
                symbolButtons.append(button)
            }
            if number == nil {
                gtk_widget_remove_css_class(digitLabel, "scrawl-number")
                gtk_widget_add_css_class(digitLabel, "scrawl-digit")
                gtk_widget_set_size_request(digitLabel, -1, Self.digitHeight)
            } else {
                gtk_widget_remove_css_class(digitLabel, "scrawl-digit")
                gtk_widget_add_css_class(digitLabel, "scrawl-number")
                gtk_widget_set_size_request(digitLabel, -1, -1)
            }
        }
        gtk_widget_set_visible(symbolsBox, symbolButtons.isEmpty ? 0 : 1)
        for (k, button) in symbolButtons.enumerated() {
            let active: gboolean = k == state.selectedSymbol ? 1 : 0
            if gtk_toggle_button_get_active(button.cast()) != active { gtk_toggle_button_set_active(button.cast(), active) }
        }
    }

    private func drawPreview(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, 0, 0, w, h)
        cairo_fill(cr)
        guard let input = state.recognition?.input else { return }
        cairo_save(cr)
        cairo_scale(cr, w / 28, h / 28)
        cairo_set_source_rgb(cr, 0, 0, 0)
        PaperPainter.paint(GrayImage(width: 28, height: 28, pixels: input), on: cr, nearest: true)
        cairo_restore(cr)
        cairo_set_source_rgba(cr, 0, 0, 0, 0.3)
        cairo_rectangle(cr, 0.5, 0.5, w - 1, h - 1)
        cairo_set_line_width(cr, 1)
        cairo_stroke(cr)
    }
}
