/**
 * Small copies of the imports the code had before the layers were enforced, so LayerRulesTest can
 * show each rule failing on them. Test code only; none of it runs. The sockets and files these
 * classes name are never opened: the tests read the compiled classes, they do not call them.
 */
package dev.secaudit.layers.before;
