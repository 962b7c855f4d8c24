/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// japicmp's postAnalysisScript for the API check (api/README.md). japicmp notices when the generic type of a
// parameter changes (Map<String, ?> becoming Map<String, String> breaks every caller that passes a Map<String,
// Object>), but files that change under the parameter, where its build breaker does not look. This files it under
// the method or constructor as well, for those of the baseline's public API, so that the build fails on it as on
// every other source-incompatible change. It returns the classes unchanged, as japicmp expects.
import japicmp.model.AccessModifier

def api = [AccessModifier.PUBLIC, AccessModifier.PROTECTED]
def inBaselineApi = { element -> element.accessModifier.oldModifier.map { api.contains(it) }.orElse(false) }

jApiClasses.findAll(inBaselineApi).each { type ->
  (type.methods + type.constructors).findAll(inBaselineApi).each { behavior ->
    def breaks = behavior.parameters.collectMany { it.compatibilityChanges }
        .findAll { !it.sourceCompatible || !it.binaryCompatible }
    behavior.compatibilityChanges.addAll(breaks - behavior.compatibilityChanges)
  }
}
return jApiClasses
