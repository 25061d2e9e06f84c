/**
 * Runnable programs a user copies from. The first ones arrive with the protocol front ends.
 */
package dev.junctionmq.examples;
