package io.schemaheal.it;

/** An application that never touches JDBC: under the agent it must not pay for Byte Buddy. */
public final class NoJdbcApp {

    public static void main(String[] args) {
        System.out.println("no jdbc here");
    }
}
