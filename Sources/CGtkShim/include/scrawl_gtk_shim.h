#ifndef SCRAWL_GTK_SHIM_H
#define SCRAWL_GTK_SHIM_H
#include <gtk/gtk.h>

/// gtk_message_dialog_new is variadic (a printf format); Swift cannot call it directly.
GtkWidget *scrawl_message_dialog_new(GtkWindow *parent, GtkMessageType type, GtkButtonsType buttons,
                                     const char *primary, const char *secondary);

/// G_TYPE_* fundamental types are macros Swift does not import.
GType scrawl_type_boolean(void);

/// gtk_accessible_update_property is variadic: sets a widget's accessible label.
void scrawl_accessible_set_label(GtkWidget *widget, const char *label);

#endif
