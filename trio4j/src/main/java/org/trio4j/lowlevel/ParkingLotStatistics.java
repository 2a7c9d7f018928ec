package org.trio4j.lowlevel;

/**
 * A snapshot of a {@link ParkingLot}.
 *
 * @param tasksWaiting how many tasks are parked in it
 * @param broken whether it has been broken
 */
public record ParkingLotStatistics(int tasksWaiting, boolean broken) {}
