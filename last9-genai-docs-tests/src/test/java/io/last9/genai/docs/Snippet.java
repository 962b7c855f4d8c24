/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a README, and how it is checked:
 *
 * <ul>
 *   <li>a complete compilation unit (it declares a top-level type) is compiled as it is and, when
 *       it has a {@code main} method, run;
 *   <li>anything else is a fragment, compiled as the body of a method, with the library's and
 *       OpenTelemetry's common packages imported. A fragment that uses names it does not declare
 *       says so in an HTML comment right above the block, invisible on the rendered page: {@code
 *       <!-- given: OpenAIClient client; String query -->} declares them as the method's
 *       parameters, {@code <!-- given-imports: com.openai.client.OpenAIClient -->} adds imports,
 *       {@code <!-- given-types: interface Assistant { String chat(String m); } -->} adds
 *       declarations beside the fragment (types or methods it calls), and {@code <!-- snippet:
 *       members -->} compiles the block as class members (a method with an annotation, say) instead
 *       of statements.
 * </ul>
 */
record Snippet(
    Path file,
    int line,
    String code,
    String given,
    List<String> imports,
    boolean members,
    String types) {

  private static final Pattern TOP_LEVEL_TYPE =
      Pattern.compile(
          "(?m)^(public\\s+|final\\s+|abstract\\s+)*(class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");

  /** Every Java block of {@code readme}, in order. */
  static List<Snippet> read(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    List<Snippet> out = new ArrayList<>();
    String given = "";
    List<String> imports = new ArrayList<>();
    boolean members = false;
    String types = "";
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (l.startsWith("<!-- given:")) {
        given = l.substring("<!-- given:".length(), l.lastIndexOf("-->")).trim();
        continue;
      }
      if (l.startsWith("<!-- given-imports:")) {
        for (String imp :
            l.substring("<!-- given-imports:".length(), l.lastIndexOf("-->")).split(",")) {
          if (!imp.isBlank()) {
            imports.add(imp.trim());
          }
        }
        continue;
      }
      if (l.startsWith("<!-- given-types:")) {
        types = l.substring("<!-- given-types:".length(), l.lastIndexOf("-->")).trim();
        continue;
      }
      if (l.startsWith("<!-- snippet: members")) {
        members = true;
        continue;
      }
      if (l.equals("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
          code.append(lines.get(i)).append('\n');
        }
        out.add(
            new Snippet(
                readme, start, code.toString(), given, List.copyOf(imports), members, types));
        given = "";
        imports.clear();
        members = false;
        types = "";
      } else if (!l.isEmpty()) {
        // a directive applies only to the block right below it
        given = "";
        imports.clear();
        members = false;
        types = "";
      }
    }
    return out;
  }

  /** True when the block is a compilation unit of its own. */
  boolean isCompilationUnit() {
    return TOP_LEVEL_TYPE.matcher(code).find() && !members;
  }

  /** The name of the first top-level type a compilation unit declares. */
  String typeName() {
    Matcher m = TOP_LEVEL_TYPE.matcher(code);
    if (!m.find()) {
      throw new IllegalStateException("no top-level type in " + this);
    }
    return m.group(3);
  }

  /** The package a compilation unit declares, or "". */
  String packageName() {
    Matcher m = Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(code);
    return m.find() ? m.group(1) : "";
  }

  /** True for a compilation unit with a main method: it is run as well as compiled. */
  boolean runs() {
    return isCompilationUnit() && MAIN.matcher(code).find();
  }

  @Override
  public String toString() {
    Path dir = file.getParent();
    String module =
        dir.resolve("pom.xml").toFile().exists()
                && dir.getParent() != null
                && dir.getParent().resolve("pom.xml").toFile().exists()
            ? dir.getFileName() + "/"
            : "";
    return module + file.getFileName() + ":" + line;
  }
}
