package dev.cascade.protocol.ota;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** Where a gateway stands with an over-the-air model update. */
public enum OtaState implements WireEnum {
    /** Fetching the archive (the status carries the offset staged so far). */
    FETCHING(1, "fetching"),
    /** Verified, self-tested and swapped in; being watched. */
    INSTALLED(2, "installed"),
    /** Watched for the whole watch window without failing: kept. */
    CONFIRMED(3, "confirmed"),
    /** Refused before it ran (hash, signature, self-test, load); the old model keeps running. */
    REFUSED(4, "refused"),
    /** Failed while watched; the previous version runs again. */
    ROLLED_BACK(5, "rolled_back");

    private final int id;
    private final String displayName;

    OtaState(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    @JsonValue
    @Override
    public int id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @JsonCreator
    public static OtaState fromId(int id) {
        return WireEnum.byId(OtaState.class, id, "state");
    }
}
