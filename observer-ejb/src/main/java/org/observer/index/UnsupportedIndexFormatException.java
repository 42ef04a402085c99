package org.observer.index;

import org.observer.api.ObserverException;
import org.observer.storage.UnsupportedFormatException;

/**
 * An index this node cannot open because its files are of another format version (503): not
 * damage, so it is neither set aside nor rebuilt, and its files stay as they are until a release
 * that reads them opens it. The message names the file and both versions.
 */
public class UnsupportedIndexFormatException extends ObserverException {

    private static final long serialVersionUID = 1L;

    public UnsupportedIndexFormatException(String index, UnsupportedFormatException cause) {
        super("index " + index + " cannot be opened by this node: " + cause.getMessage()
                + "; its files are left as they are", cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "index_format_unsupported";
    }
}
