package dev.cascade.edge.actuate;

/** How an output is driven. */
public enum OutputType {
    /** Publish the command on the local broker; the device there carries it out and acknowledges it (simulators). */
    FORWARD,
    /** Only log it. */
    LOG,
    /** A relay on a GPIO pin (Pi4J). */
    GPIO
}
