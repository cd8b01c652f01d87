package io.schemaheal.it;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * An application server's or fat-jar launcher's shape, run as a child JVM: the application's libraries
 * (its own Byte Buddy, as Hibernate brings) in a parent-first class loader over a class path that does not
 * hold them. No Byte Buddy type is named here: the class path has none. Argument: the Byte Buddy jar.
 * Prints whether it generated a class, and where ByteBuddy came from.
 */
public final class ParentFirstApp {

    public static void main(String[] args) throws Exception {
        try (URLClassLoader libraries = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
                ParentFirstApp.class.getClassLoader())) {
            Class<?> byteBuddy = libraries.loadClass("net.bytebuddy.ByteBuddy");
            Object builder = byteBuddy.getMethod("subclass", Class.class).invoke(byteBuddy.getConstructor().newInstance(), Object.class);
            Object unloaded = builder.getClass().getMethod("make").invoke(builder);
            String made = unloaded.getClass().getMethod("getTypeDescription").invoke(unloaded).toString();
            System.out.println("made " + made.contains("Object$ByteBuddy$"));
            System.out.println("byte buddy from " + byteBuddy.getProtectionDomain().getCodeSource().getLocation().getPath()
                    .replaceAll(".*/", ""));
        }
    }
}
