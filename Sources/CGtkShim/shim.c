#include "scrawl_gtk_shim.h"

GtkWidget *scrawl_message_dialog_new(GtkWindow *parent, GtkMessageType type, GtkButtonsType buttons,
                                     const char *primary, const char *secondary) {
    GtkWidget *dialog = gtk_message_dialog_new(parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                               type, buttons, "%s", primary);
    if (secondary != NULL)
        gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", secondary);
    return dialog;
}

GType scrawl_type_boolean(void) { return G_TYPE_BOOLEAN; }

void scrawl_accessible_set_label(GtkWidget *widget, const char *label) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
