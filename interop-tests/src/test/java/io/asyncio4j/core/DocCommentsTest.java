package io.asyncio4j.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public member of the Java-visible surface has a doc comment (issue 16): a KDoc {@code /** ... *}{@code /}
 * right before each {@code public} declaration of the engine's Kotlin sources (explicitApi makes every public
 * declaration say {@code public}), a Javadoc before each public class, constructor, method and field of the Java
 * sources (api-java, the engine's Java enums). Annotation lines between the comment and the declaration are
 * allowed; an {@code override} is documented where it is declared first, so it is not counted.
 *
 * <p>The check is a source scan, not a compiler plugin: a declaration counts as documented when the nearest
 * non-annotation line above it closes a doc comment. {@link #ALLOWED} is the number still undocumented: it may
 * only go down (lower it when you document more, 0 is the goal); a new public member without a doc fails here.
 */
class DocCommentsTest {
    /** Undocumented public members tolerated today; see the class comment. */
    static final int ALLOWED = Integer.getInteger("asyncio4j.docs.allowed", 0);

    static final Pattern KOTLIN_PUBLIC = Pattern.compile(
            "^\\s*(?:@[\\w:.]+(?:\\([^)]*\\))?\\s+)*public\\s+(?!override\\b)(?:[a-z]+\\s+)*"
                    + "(fun|val|var|class|interface|object|constructor|companion|enum|typealias)\\b.*");
    static final Pattern JAVA_PUBLIC = Pattern.compile(
            "^\\s*public\\s+(?!.*\\boverride\\b).*[({=;]\\s*$|^\\s*public\\s+(?:final\\s+|abstract\\s+|static\\s+)*"
                    + "(?:class|interface|enum|record)\\b.*");

    @Test
    void everyPublicMemberHasADocComment() throws IOException {
        Path root = ApiDumpTest.projectRoot();
        List<String> missing = new ArrayList<>();
        int[] checked = {0};
        scan(root.resolve("engine-kotlin/src/main/kotlin"), ".kt", KOTLIN_PUBLIC, missing, checked, root);
        scan(root.resolve("engine-kotlin/src/main/java"), ".java", JAVA_PUBLIC, missing, checked, root);
        scan(root.resolve("api-java/src/main/java"), ".java", JAVA_PUBLIC, missing, checked, root);
        assertTrue(checked[0] > 400, "public declarations found: " + checked[0]);
        System.out.println("DocCommentsTest: " + missing.size() + " of " + checked[0]
                + " public declarations without a doc comment (allowed: " + ALLOWED + ")");
        assertTrue(missing.size() <= ALLOWED, missing.size() + " public declarations without a doc comment (allowed "
                + ALLOWED + "; write a KDoc/Javadoc saying what it does, its asyncio name and its errors):\n  "
                + String.join("\n  ", missing));
    }

    @Test
    void theScanSeesAMissingComment() {
        List<String> lines = List.of("/** Documented. */", "@JvmStatic", "public fun a(): Int = 1", "",
                "public fun b(): Int = 2", "    override fun toString(): String = \"\"");
        List<String> missing = new ArrayList<>();
        check(lines, KOTLIN_PUBLIC, "X.kt", missing, new int[1]);
        assertTrue(missing.size() == 1 && missing.get(0).startsWith("X.kt:5"), missing.toString());
    }

    private static void scan(Path dir, String ext, Pattern decl, List<String> missing, int[] checked, Path root)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(ext)).sorted().toList()) {
                check(Files.readAllLines(f, StandardCharsets.UTF_8), decl, root.relativize(f).toString(), missing,
                        checked);
            }
        }
    }

    static void check(List<String> lines, Pattern decl, String name, List<String> missing, int[] checked) {
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.trim();
            if (t.startsWith("/*")) {
                inComment = !t.contains("*/");
                continue;
            }
            if (inComment) {
                inComment = !t.contains("*/");
                continue;
            }
            if (!decl.matcher(line).matches()) {
                continue;
            }
            checked[0]++;
            int j = i - 1;
            while (j >= 0 && lines.get(j).trim().startsWith("@")) {
                j--;
            }
            boolean documented = j >= 0 && lines.get(j).trim().endsWith("*/") && opensDoc(lines, j);
            if (!documented) {
                missing.add(name + ":" + (i + 1) + ": " + t);
            }
        }
    }

    /** The comment ending at line {@code end} is a doc comment ({@code /**}), not a plain block comment. */
    private static boolean opensDoc(List<String> lines, int end) {
        for (int k = end; k >= 0; k--) {
            String t = lines.get(k).trim();
            int open = t.indexOf("/*");
            if (open >= 0) {
                return t.startsWith("/**", open);
            }
        }
        return false;
    }
}
