import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { isSectionId, type SectionId } from './sections';

interface Navigation {
  section: SectionId;
  navigate: (section: SectionId) => void;
}

const NavigationContext = createContext<Navigation | null>(null);

function sectionFromHash(): SectionId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isSectionId(id) ? id : 'overview';
}

/**
 * The current section, kept in the URL's hash (`#/activity`) so reloading the window keeps the
 * page and the history works. There are no other routes.
 */
export function NavigationProvider({ children }: { children: ReactNode }) {
  const [section, setSection] = useState<SectionId>(sectionFromHash);

  useEffect(() => {
    const onHashChange = () => setSection(sectionFromHash());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const navigate = useCallback((next: SectionId) => {
    setSection(next);
    if (window.location.hash !== `#/${next}`) window.history.pushState(null, '', `#/${next}`);
  }, []);

  const value = useMemo(() => ({ section, navigate }), [section, navigate]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside NavigationProvider');
  return navigation;
}
