package com.tickstock.console.simulator;

import com.tickstock.console.simulator.Command.Fault;
import com.tickstock.console.simulator.Command.FaultKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's progress through its {@link FaultPlan}: which faults are due after the events sent so far.
 *
 * <p>Threads: used only by the connection's sender thread.
 */
final class ScheduledFaults {

    static final String MALFORMED = "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"p\":";
    static final String STATUS_ERROR = "injected status error";
    static final String UNKNOWN_EVENT = "XYZ";

    private final FaultPlan plan;
    private final InjectedFaults injected;
    private boolean ended;
    private long nextMalformed;
    private long nextStatusError;
    private long nextUnknown;

    ScheduledFaults(FaultPlan plan, InjectedFaults injected) {
        this.plan = plan;
        this.injected = injected;
        this.nextMalformed = plan.malformedEvery();
        this.nextStatusError = plan.statusErrorEvery();
        this.nextUnknown = plan.unknownEvery();
    }

    /** The faults due once {@code sent} data events went out, in order; the last may end the connection. */
    List<Fault> due(long sent) {
        if (ended || plan.isEmpty()) {
            return List.of();
        }
        List<Fault> faults = new ArrayList<>(2);
        if (nextMalformed > 0 && sent >= nextMalformed) {
            faults.add(new Fault(FaultKind.MALFORMED_FRAME, MALFORMED));
            injected.add("--malformed-every");
            nextMalformed = (sent / plan.malformedEvery() + 1) * plan.malformedEvery();
        }
        if (nextStatusError > 0 && sent >= nextStatusError) {
            faults.add(new Fault(FaultKind.STATUS_ERROR, STATUS_ERROR));
            injected.add("--status-error-every");
            nextStatusError = (sent / plan.statusErrorEvery() + 1) * plan.statusErrorEvery();
        }
        if (nextUnknown > 0 && sent >= nextUnknown) {
            faults.add(new Fault(FaultKind.UNKNOWN_EVENT, UNKNOWN_EVENT));
            injected.add("--unknown-every");
            nextUnknown = (sent / plan.unknownEvery() + 1) * plan.unknownEvery();
        }
        if (plan.stallAfter() > 0 && sent >= plan.stallAfter()) {
            faults.add(new Fault(FaultKind.STALL));
            injected.add("--stall-after");
            ended = true;
        } else if (plan.closeAfter() > 0 && sent >= plan.closeAfter()) {
            faults.add(new Fault(FaultKind.CLOSE_CLEAN, "close-after", StatusTexts.CLOSE_NORMAL,
                    new java.util.concurrent.CompletableFuture<>()));
            injected.add("--close-after");
            ended = true;
        } else if (plan.dropEvery() > 0 && sent >= plan.dropEvery()) {
            faults.add(new Fault(FaultKind.DROP_FIN));
            injected.add("--drop-every");
            ended = true;
        }
        return faults;
    }
}
